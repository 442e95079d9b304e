// Accounts and personal-data protection in the console (issue 3): login and session, role menus,
// grid-scoped lists, a resident's own household, reveal with a reason → the auditor finds it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, loginForm, DESKTOP, PHONE } from './helpers.mjs'

const menuText = (page) => page.locator('.side-menu').innerText()
const totalOf = async (page) => Number((await page.locator('.list-head .muted').innerText()).replace(/[^\d]/g, ''))

test('login, stay logged in across a reload, log out', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP)
    // anonymous: sent to the login page, which remembers where the user wanted to go
    await page.goto(`${url}/residents`)
    await page.waitForURL(/\/login\?redirect=(%2F|\/)residents$/)
    await shot(page, 'login-desktop')
    // wrong password: one message for wrong user and wrong password
    await loginForm(page, 'staff', 'Wrong@2026x')
    await page.locator('[data-test=login-error]').waitFor()
    assert.match(await page.locator('[data-test=login-error]').innerText(), /用户名或密码不对/)
    await shot(page, 'login-error-desktop')
    await loginForm(page, 'staff')
    await page.waitForURL(/\/residents$/)
    await page.locator('[data-test=user-menu]').waitFor()
    assert.match(await page.locator('[data-test=user-role]').innerText(), /社区工作人员/)
    // the session survives a reload (GET /auth/me)
    await page.reload()
    await page.locator('[data-test=user-menu]').waitFor()
    assert.match(page.url(), /\/residents$/)
    // the staff menu: registry work, no 账号管理 / 审计日志
    const menu = await menuText(page)
    assert.match(menu, /居民档案/)
    assert.doesNotMatch(menu, /账号管理|审计日志/)
    // change password dialog shows the policy
    await page.locator('[data-test=user-menu]').click()
    await page.locator('[data-test=change-password]').click()
    await page.locator('[data-test=password-form]').waitFor()
    assert.match(await page.locator('.el-dialog').innerText(), /至少 8 位/)
    await shot(page, 'password-desktop')
    await page.keyboard.press('Escape')
    // log out: back to the login page, and the console is closed again
    await page.locator('[data-test=user-menu]').click()
    await page.locator('[data-test=logout]').click()
    await page.waitForURL(/\/login/)
    await page.goto(`${url}/registry`)
    await page.waitForURL(/\/login/)
    assert.deepEqual(page.errors, [])

    const phone = await newPage(browser, PHONE)
    await phone.goto(`${url}/`)
    await phone.locator('[data-test=login]').waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `login is ${overflow}px wider than the phone`)
    await shot(phone, 'login-phone')
    await loginForm(phone, 'head')
    await phone.locator('[data-test=user-menu]').waitFor()
    assert.match(await phone.locator('[data-test=user-role]').innerText(), /社区书记/)
    await shot(phone, 'header-head-phone')
  })
})

test('a grid worker sees only the households of her grid', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP, { user: 'worker01' })
    await page.goto(`${url}/registry`)
    await page.locator('[data-test=household-table] .el-table__row').first().waitFor()
    const me = await api(url, '/auth/me', 'worker01')
    assert.equal(me.user.role, 'grid_worker')
    assert.equal(me.user.grid_ids.length, 1)
    const gridId = me.user.grid_ids[0]
    // the grid's size as the community staff sees it
    const inGrid = (await api(url, `/households?grid_id=${gridId}&limit=1`, 'staff')).total
    const all = (await api(url, `/households?limit=1`, 'staff')).total
    assert.ok(inGrid > 0 && inGrid < all, `grid ${gridId}: ${inGrid} of ${all}`)
    assert.equal(await totalOf(page), inGrid, 'the worker lists exactly her grid')
    const grid = await api(url, `/grids/${gridId}`, 'staff')
    assert.match(await page.locator('[data-test=household-table]').innerText(), new RegExp(grid.name))
    const seen = await api(url, '/households?limit=500', 'worker01')
    assert.equal(seen.total, inGrid)
    for (const h of seen.items) assert.equal(h.grid_id, gridId)
    await shot(page, 'registry-worker-desktop')
    // no 账号管理, no 审计日志, no 查看 (reveal) button
    assert.doesNotMatch(await menuText(page), /账号管理|审计日志/)
    await page.goto(`${url}/audit`)
    await page.waitForURL((u) => !u.pathname.startsWith('/audit'))
    const first = (await api(url, '/households?limit=1', 'worker01')).items[0]
    await page.goto(`${url}/households/${first.id}`)
    await page.locator('[data-test=resident-table] .el-table__row').first().waitFor()
    assert.equal(await page.locator('[data-test=reveal]').count(), 0)
    assert.match(await page.locator('[data-test=resident-table]').innerText(), /\*{4}/, 'ID numbers are masked')
    // a household of another grid is not found
    const other = (await api(url, `/households?limit=500`, 'staff')).items.find((h) => h.grid_id && h.grid_id !== gridId)
    assert.ok(other)
    await page.goto(`${url}/households/${other.id}`)
    await page.locator('.el-alert--error').waitFor()
    assert.equal(await page.locator('[data-test=resident-table] .el-table__row').count(), 0)

    const phone = await newPage(browser, PHONE, { user: 'worker01' })
    await phone.goto(`${url}/registry`)
    await phone.locator('[data-test=household-cards] .mobile-card').first().waitFor()
    assert.equal(await totalOf(phone), inGrid)
    await shot(phone, 'registry-worker-phone')
  })
})

test('a resident sees only his own household', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const me = await api(url, '/auth/me', 'resident')
    assert.equal(me.user.role, 'resident')
    const own = await api(url, `/households/${me.user.household_id}`, 'staff')
    const page = await newPage(browser, DESKTOP, { user: 'resident' })
    await page.goto(`${url}/`)
    await page.waitForURL(/\/me$/)
    await page.locator('[data-test=me-address]').waitFor()
    assert.equal(await page.locator('[data-test=me-address]').innerText(), own.address)
    assert.equal(await page.locator('[data-test=me-residents] .el-table__row').count(), own.residents.length)
    assert.match(await page.locator('[data-test=me-residents]').innerText(), /\*{4}/, 'even his own ID numbers arrive masked')
    assert.equal(await page.locator('[data-test=reveal]').count(), 0)
    // his menu is 我的家; the registry pages send him back
    const menu = await menuText(page)
    assert.match(menu, /我的家/)
    assert.doesNotMatch(menu, /居民档案|网格|导入|账号管理|审计日志/)
    await page.goto(`${url}/registry`)
    await page.waitForURL(/\/me$/)
    await page.goto(`${url}/households/${own.id}`)
    await page.waitForURL(/\/me$/)
    // the server agrees: one household in his lists
    assert.equal((await api(url, '/households?limit=50', 'resident')).total, 1)
    // export of his own data
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=me-export]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    await shot(page, 'me-desktop')
    assert.deepEqual(page.errors, [])

    const phone = await newPage(browser, PHONE, { user: 'resident' })
    await phone.goto(`${url}/me`)
    await phone.locator('[data-test=me-resident-cards] .mobile-card').first().waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `我的家 is ${overflow}px wider than the phone`)
    await shot(phone, 'me-phone')
  })
})

test('a head reveals an ID number with a reason; the auditor finds the entry', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const reason = `核对低保年审材料 e2e-${Date.now()}`
    const h = (await api(url, '/households?limit=1', 'head')).items[0]
    const detail = await api(url, `/households/${h.id}`, 'head')
    const person = detail.residents.find((r) => r.id_number)
    assert.ok(person, 'a resident with an ID number')
    assert.match(person.id_number, /^\d\*+[\dX]{1,2}$/, 'masked in the API')

    const page = await newPage(browser, DESKTOP, { user: 'head' })
    await page.goto(`${url}/households/${h.id}`)
    const row = page.locator('[data-test=resident-table] .el-table__row', { hasText: person.name }).first()
    await row.waitFor()
    await row.locator('[data-test=reveal][data-field=id_number]').click()
    const dialog = page.locator('.el-dialog', { has: page.locator('[data-test=reveal-reason]') })
    await dialog.waitFor()
    // the reason is required
    await dialog.locator('[data-test=reveal-submit]').click()
    await dialog.locator('.el-form-item__error').waitFor()
    await shot(page, 'reveal-reason-desktop')
    await dialog.locator('textarea[data-test=reveal-reason]').fill(reason)
    await dialog.locator('[data-test=reveal-submit]').click()
    const value = page.locator('[data-test=reveal-value] .digits')
    await value.waitFor()
    const full = (await value.innerText()).trim()
    assert.match(full, /^\d{17}[\dX]$/)
    assert.equal(full[0], person.id_number[0])
    const tail = person.id_number.replace(/^\d\*+/, '')
    assert.ok(full.endsWith(tail), `${full} ends like ${person.id_number}`)
    await shot(page, 'reveal-value-desktop')
    // the page itself still shows the masked value
    await page.keyboard.press('Escape')
    assert.doesNotMatch(await page.locator('[data-test=resident-table]').innerText(), new RegExp(full))
    assert.deepEqual(page.errors, [])

    // the auditor: only 审计日志; finds the reveal with its reason
    const audit = await newPage(browser, DESKTOP, { user: 'auditor' })
    await audit.goto(`${url}/`)
    await audit.waitForURL(/\/audit$/)
    const menu = await menuText(audit)
    assert.match(menu, /审计日志/)
    assert.doesNotMatch(menu, /居民档案|居民|网格|导入|账号管理/)
    await audit.goto(`${url}/registry`)
    await audit.waitForURL(/\/audit$/)
    await audit.locator('[data-test=audit-action]').click()
    await audit.locator('.el-select-dropdown__item', { hasText: '查看敏感信息' }).click()
    const entry = audit.locator('[data-test=audit-table] .el-table__row', { hasText: reason })
    await entry.waitFor()
    const text = await entry.innerText()
    assert.match(text, /head/)
    assert.match(text, /查看敏感信息/)
    assert.match(text, /身份证号/)
    assert.doesNotMatch(text, new RegExp(full), 'the log never holds the value')
    // integrity check
    await audit.locator('[data-test=audit-verify]').click()
    await audit.locator('[data-test=audit-verify-result]').waitFor()
    assert.match(await audit.locator('[data-test=audit-verify-result]').innerText(), /日志完整/)
    await shot(audit, 'audit-desktop')
    // export
    const [dl] = await Promise.all([audit.waitForEvent('download'), audit.locator('[data-test=audit-export]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    assert.deepEqual(audit.errors, [])

    const phone = await newPage(browser, PHONE, { user: 'auditor' })
    await phone.goto(`${url}/audit`)
    await phone.locator('[data-test=audit-cards] .mobile-card').first().waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `审计日志 is ${overflow}px wider than the phone`)
    await shot(phone, 'audit-phone')
    const headPhone = await newPage(browser, PHONE, { user: 'head' })
    await headPhone.goto(`${url}/households/${h.id}`)
    await headPhone.locator('[data-test=resident-cards] [data-test=reveal]').first().waitFor()
    await shot(headPhone, 'household-head-phone')
  })
})

test('an admin manages accounts', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP, { user: 'admin' })
    await page.goto(`${url}/`)
    await page.waitForURL(/\/users$/)
    assert.match(await menuText(page), /账号管理/)
    await page.locator('[data-test=user-table] .el-table__row').first().waitFor()
    assert.match(await page.locator('[data-test=user-table]').innerText(), /worker01/)
    await shot(page, 'users-desktop')
    // create a grid worker for grid 2
    const grid2 = (await api(url, '/auth/me', 'worker02')).user.grid_ids[0]
    await page.locator('[data-test=user-create]').click()
    const form = page.locator('[data-test=user-form]')
    await form.waitFor()
    await form.locator('input[data-test=user-username]').fill('e2e_worker')
    await form.locator('input[data-test=user-name]').fill('测试网格员')
    // the policy is checked before sending
    await form.locator('input[data-test=user-password]').fill('short')
    await form.locator('input[data-test=user-password]').blur()
    await form.locator('.el-form-item__error', { hasText: '至少 8 位' }).waitFor()
    await form.locator('input[data-test=user-password]').fill('Grid@2026w')
    await form.locator('[data-test=user-grids-item] input').fill(String(grid2))
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${grid2}\\s*$`) }).click()
    await shot(page, 'user-form-desktop')
    await page.locator('[data-test=user-save]').click()
    await page.locator('[data-test=user-form]').waitFor({ state: 'hidden' })
    await page.locator('input[data-test=user-search]').fill('e2e_worker')
    await page.keyboard.press('Enter')
    const row = page.locator('[data-test=user-table] .el-table__row', { hasText: 'e2e_worker' })
    await row.waitFor()
    assert.match(await row.innerText(), /网格员/)
    assert.match(await row.innerText(), /从未登录/)
    // the new account logs in with its scope
    const r = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'e2e_worker', password: 'Grid@2026w' }),
    })
    assert.equal(r.status, 200)
    const me = await r.json()
    assert.equal(me.user.role, 'grid_worker')
    assert.deepEqual(me.user.grid_ids, [grid2])
    assert.deepEqual(page.errors, [])

    const phone = await newPage(browser, PHONE, { user: 'admin' })
    await phone.goto(`${url}/users`)
    await phone.locator('[data-test=user-cards] .mobile-card').first().waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `账号管理 is ${overflow}px wider than the phone`)
    await shot(phone, 'users-phone')
  })
})

test('the accounts pages in English', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const HAN = /[\u4e00-\u9fff]/
    const chrome = async (page) => (await page.locator('h1, h2, h3:not([data-test=me-address]), th, .el-button, label, .el-form-item__label, .side-menu, [data-test=user-role]').allInnerTexts()).filter((s) => HAN.test(s) && !/中文/.test(s))
    const login = await newPage(browser, PHONE, { locale: 'en' })
    await login.goto(`${url}/login`)
    await login.locator('[data-test=login]').waitFor()
    assert.deepEqual(await chrome(login), [])
    await shot(login, 'login-en-phone')
    for (const [user, path, ready, name] of [
      ['auditor', '/audit', '[data-test=audit-table] .el-table__row', 'audit-en-desktop'],
      ['admin', '/users', '[data-test=user-table] .el-table__row', 'users-en-desktop'],
      ['resident', '/me', '[data-test=me-residents] .el-table__row', 'me-en-desktop'],
    ]) {
      const page = await newPage(browser, DESKTOP, { locale: 'en', user })
      await page.goto(url + path)
      await page.locator(ready).first().waitFor()
      assert.deepEqual(await chrome(page), [], `Chinese UI text on ${path}`)
      assert.doesNotMatch(await page.locator('body').innerText(), /\b(auth|users|audit|me)\.[a-z]+[A-Za-z.]*\b/)
      await shot(page, name)
      assert.deepEqual(page.errors, [])
    }
  })
})
