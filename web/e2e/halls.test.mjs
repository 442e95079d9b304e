// 邻里议事厅 (issue 5 item 1): staff define a hall for the resident's compound (a missing name is
// shown at the field) → the resident sees its hours and next opening on 我的家 (390 px phone) →
// a grid worker logs a visit answered on the spot and it shows in the hall's log; screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, session, DESKTOP, PHONE } from './helpers.mjs'

const HALL = '测试邻里议事厅'
const ABOUT = '单元门禁坏了一个星期，老人进出不方便'
const ANSWER = '已通知物业，今天下午换新门禁'

const noOverflow = async (page, what) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the phone`)
}

async function send(url, method, path, body, user = 'staff') {
  const s = await session(url, user)
  const r = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`)
  return r.status === 204 ? null : r.json()
}

const pick = async (page, text) => {
  // exact text: "中仓小区（已归四员厅小区邻里议事厅）" must not match "四员厅小区"
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${text}\\s*$`) }).last().click()
  await page.waitForTimeout(300) // the dropdown closes
}

test('staff define a hall, the resident sees its hours on 我的家, a worker logs a visit answered on the spot', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    // the demo: every compound has a hall; free the resident's compound for a new one
    const home = await api(url, '/me/household', 'resident')
    const compound = home.compound
    const demoHalls = (await api(url, '/halls', 'staff')).items
    assert.ok(demoHalls.length >= 1)
    const mine = demoHalls.find((h) => h.compound_ids.includes(compound.id))
    assert.ok(mine, 'the demo covers the resident compound')
    let rest = mine.compound_ids.filter((c) => c !== compound.id)
    if (rest.length === 0) {
      const spare = await send(url, 'POST', '/compounds', { community_id: mine.community_id, name: '测试新区' })
      rest = [spare.id]
    }
    await send(url, 'PATCH', `/halls/${mine.id}`, { compound_ids: rest })

    // staff: the list, then a new hall
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/halls`)
    await staff.locator('[data-test=hall-card]').first().waitFor()
    assert.match(await staff.locator('.side-menu').innerText(), /议事厅/)
    assert.equal(await staff.locator('[data-test=hall-card]').count(), demoHalls.length)
    assert.match(await staff.locator('[data-test=hall-card]').first().innerText(), /每周. \d\d:\d\d–\d\d:\d\d/)
    await shot(staff, 'halls-list-desktop')
    await staff.locator('[data-test=hall-create]').click()
    const dialog = staff.locator('[data-test=hall-editor]')
    await dialog.locator('[data-test=hall-save]').waitFor()
    // nothing filled in: the error is shown at the name
    await dialog.locator('[data-test=hall-save]').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写议事厅名称' }).waitFor()
    await dialog.locator('input[data-test=hall-name]').fill(HALL)
    await dialog.locator('input[data-test=hall-place]').fill(`${compound.name}东门传达室`)
    await dialog.locator('[data-test=hall-compounds]').click()
    await pick(staff, compound.name)
    await dialog.locator('input[data-test=hall-name]').click() // close the dropdown
    // Sunday afternoon instead of the default Tuesday; the roster on Sunday too
    await dialog.locator('[data-test=hall-hours] .wd').first().click()
    await pick(staff, '周日')
    await dialog.locator('[data-test=hall-roster] .wd').first().click()
    await pick(staff, '周日')
    await dialog.locator('input[data-test=hall-worker-0]').fill('王芳')
    await shot(staff, 'hall-editor-desktop')
    await dialog.locator('[data-test=hall-save]').click()
    await staff.locator('[data-test=hall-card]', { hasText: HALL }).waitFor()
    const card = staff.locator('[data-test=hall-card]', { hasText: HALL })
    assert.match(await card.innerText(), /每周日 14:00–17:30/)
    assert.match(await card.locator('[data-test=hall-next]').innerText(), /王芳/)
    const hall = (await api(url, '/halls', 'staff')).items.find((h) => h.name === HALL)
    assert.deepEqual(hall.compound_ids, [compound.id])
    assert.deepEqual(staff.errors, [])

    // the resident: 我的家 on a phone shows his hall
    const phone = await newPage(browser, PHONE, { user: 'resident' })
    await phone.goto(`${url}/me`)
    await phone.locator('[data-test=my-hall]').waitFor()
    assert.match(await phone.locator('[data-test=my-hall-name]').innerText(), new RegExp(HALL))
    assert.match(await phone.locator('[data-test=my-hall-hours]').innerText(), /每周日 14:00–17:30/)
    assert.match(await phone.locator('[data-test=my-hall]').innerText(), /东门传达室/)
    assert.match(await phone.locator('[data-test=my-hall-next]').innerText(), /(下次开放|现在开放)/)
    await phone.locator('[data-test=my-hall]').scrollIntoViewIfNeeded()
    await noOverflow(phone, '我的家')
    await shot(phone, 'my-hall-phone')
    assert.deepEqual(phone.errors, [])

    // a grid worker on duty logs a visit answered on the spot (on her phone)
    const worker = await newPage(browser, PHONE, { user: 'worker01' })
    await worker.goto(`${url}/halls/${hall.id}/visits`)
    await worker.locator('[data-test=visit-form]').waitFor()
    await worker.locator('input[data-test=visit-visitor]').fill('刘阿姨')
    await worker.locator('textarea[data-test=visit-about]').fill(ABOUT)
    // the answer is required for 当场答复: shown at the field
    await worker.locator('[data-test=visit-save]').click()
    await worker.locator('.el-form-item__error', { hasText: '答复' }).waitFor()
    await worker.locator('textarea[data-test=visit-answer]').fill(ANSWER)
    await worker.locator('[data-test=visit-save]').click()
    await worker.locator('[data-test=visit-row]', { hasText: ABOUT }).waitFor()
    const row = await worker.locator('[data-test=visit-row]', { hasText: ABOUT }).innerText()
    assert.match(row, /当场答复/)
    assert.match(row, new RegExp(ANSWER))
    await noOverflow(worker, 'the visit log')
    await shot(worker, 'hall-visits-phone')
    // the outcome switches the extra fields
    await worker.locator('[data-test=visit-outcome-demand]').click()
    await worker.locator('.el-select[data-test=visit-category]').waitFor()
    assert.equal(await worker.locator('[data-test=visit-answer]').count(), 0)
    await shot(worker, 'hall-visit-demand-phone')
    const log = await api(url, `/halls/${hall.id}/visits`, 'staff')
    assert.equal(log.total, 1)
    assert.equal(log.items[0].outcome, 'answered')
    assert.equal(log.items[0].answer, ANSWER)
    assert.deepEqual(worker.errors, [])
  })
})
