// 名下其他房屋: staff record that an owner also owns another dwelling (he counts once in owner
// votes), see it listed with its area under the household, and remove it; a grid worker of another
// grid cannot reach the owner. Desktop and phone screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, apiPost, session, DESKTOP, PHONE } from './helpers.mjs'

test('staff add and remove another dwelling of an owner', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    // an owner in a household with a grid, and another household of the community
    const list = (await api(url, '/households?limit=30')).items
    let home, owner
    for (const h of list) {
      const d = await api(url, `/households/${h.id}`)
      const o = d.residents.find((r) => r.is_owner)
      if (o && d.grid) {
        home = d
        owner = o
        break
      }
    }
    assert.ok(owner, 'a household with an owner and a grid')
    const other = list.find((h) => h.id !== home.id && h.area_m2 > 0)
    const before = await api(url, `/residents/${owner.id}/owned-households`)
    assert.ok(!before.households.some((x) => x.household_id === other.id))

    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/households/${home.id}`)
    const section = page.locator('[data-test=owned-households]')
    const ownerBlock = section.locator(`[data-test=owned-owner-${owner.id}]`)
    await ownerBlock.waitFor()
    assert.match(await section.innerText(), /名下其他房屋/)
    assert.match(await ownerBlock.innerText(), /没有登记其他房屋/)

    // 添加: search the other household by its address and pick it
    await ownerBlock.locator('[data-test=owned-add]').click()
    const dialog = page.locator('.el-dialog', { hasText: `${owner.name} 名下的其他房屋` })
    await dialog.waitFor()
    await dialog.locator('[data-test=owned-pick] input').fill(other.address)
    await page.locator('.el-select-dropdown__item:visible', { hasText: other.address }).first().click()
    await dialog.locator('[data-test=owned-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = ownerBlock.locator('[data-test=owned-row]', { hasText: other.address })
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${String(other.area_m2).replace('.', '\\.')} ㎡`))
    const after = await api(url, `/residents/${owner.id}/owned-households`)
    const linked = after.households.find((x) => x.household_id === other.id)
    assert.ok(linked && !linked.lives_here && linked.area_m2 === other.area_m2)
    await shot(page, 'owned-households-desktop')

    // phone: the same section fits the width
    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/households/${home.id}`)
    await phone.locator(`[data-test=owned-owner-${owner.id}] [data-test=owned-row]`).first().waitFor()
    await phone.locator('[data-test=owned-households]').scrollIntoViewIfNeeded()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    await shot(phone, 'owned-households-phone')
    await phone.locator(`[data-test=owned-owner-${owner.id}] [data-test=owned-add]`).click()
    await phone.locator('.el-dialog', { hasText: '名下的其他房屋' }).waitFor()
    await shot(phone, 'owned-households-add-phone')

    // the server's field error shows at the field: a household picked, then deleted before saving
    const gone = await apiPost(url, '/households', { unit_id: home.unit_id, door: '9901', area_m2: 66 })
    await ownerBlock.locator('[data-test=owned-add]').click()
    await dialog.waitFor()
    await dialog.locator('[data-test=owned-pick] input').fill(gone.address)
    await page.locator('.el-select-dropdown__item:visible', { hasText: gone.address }).first().click()
    const st = await session(url, 'staff')
    const del = await fetch(`${url}/api/v1/households/${gone.id}`, { method: 'DELETE', headers: { Cookie: st.cookie, 'X-CSRF-Token': st.csrf } })
    assert.ok(del.ok, `DELETE household: ${del.status}`)
    await dialog.locator('[data-test=owned-save]').click()
    await dialog.locator('.el-form-item__error', { hasText: '住户不存在' }).waitFor()
    await shot(page, 'owned-households-error-desktop')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    page.failed = page.failed.filter((f) => !f.startsWith('400 POST') || !f.includes('/owned-households'))

    // 移除 asks first
    await row.locator('[data-test=owned-remove]').click()
    await page.locator('.el-message-box', { hasText: other.address }).waitFor()
    await page.locator('.el-message-box__btns .el-button--danger').click()
    await row.waitFor({ state: 'detached' })
    await ownerBlock.locator('text=没有登记其他房屋').waitFor()
    const removed = await api(url, `/residents/${owner.id}/owned-households`)
    assert.ok(!removed.households.some((x) => x.household_id === other.id))
    assert.deepEqual(page.errors, [])
    assert.deepEqual(page.failed, [])

    // a grid worker of another grid: the owner and his household are out of reach (404)
    const seq = Number(home.grid.code.slice(-3))
    const stranger = `worker${String(seq === 1 ? 2 : 1).padStart(2, '0')}`
    const s = await session(url, stranger)
    const r = await fetch(`${url}/api/v1/residents/${owner.id}/owned-households`, { headers: { Cookie: s.cookie } })
    assert.equal(r.status, 404)
    const add = await fetch(`${url}/api/v1/residents/${owner.id}/owned-households`, {
      method: 'POST',
      headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ household_id: other.id }),
    })
    assert.equal(add.status, 404)
    const worker = await newPage(browser, DESKTOP, { user: stranger })
    await worker.goto(`${url}/households/${home.id}`)
    await worker.locator('.el-alert--error').waitFor()
    assert.equal(await worker.locator('[data-test=owned-households]').count(), 0)
  })
})

test('the street admin sees the other dwellings of an owner but no buttons', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    // the street admin reads the registry (resident:read) but may not write residents
    const me = await session(url, 'street')
    assert.ok(me.me.permissions.includes('resident:read'))
    assert.ok(!me.me.permissions.includes('resident:write'))
    const list = (await api(url, '/households?limit=30', 'street')).items
    let home
    for (const h of list) {
      const d = await api(url, `/households/${h.id}`, 'street')
      if (d.residents.some((r) => r.is_owner)) {
        home = d
        break
      }
    }
    assert.ok(home)
    const page = await newPage(browser, DESKTOP, { user: 'street' })
    await page.goto(`${url}/households/${home.id}`)
    await page.locator('[data-test=owned-households] [data-test^=owned-owner-]').first().waitFor()
    assert.equal(await page.locator('[data-test=owned-add]').count(), 0)
  })
})
