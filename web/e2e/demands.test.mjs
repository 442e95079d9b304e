// 接诉即办, the whole path in the browser: a resident reports a problem from his phone → the grid
// worker of his household signs, contacts and replies → the resident rates it → the three-rates
// page of the head shows one more call-back for that worker. A grid worker of another grid cannot
// open the demand (the server answers 404, the console says so).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, apiPost, session, DESKTOP, PHONE } from './helpers.mjs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// uploaded photos go to a temporary directory, not data/attachments under the working directory
process.env.LINLI_ATTACHMENTS_DIR ??= mkdtempSync(join(tmpdir(), 'linli-e2e-attachments-'))

const digits = (s) => Number(String(s).replace(/[^\d]/g, '') || 0)

/** The demo grid worker whose grids hold `gridId`, and one whose grids do not. */
async function workersFor(url, gridId) {
  let own = null
  let other = null
  for (let i = 1; i <= 16 && (!own || !other); i++) {
    const name = `worker${String(i).padStart(2, '0')}`
    const s = await session(url, name)
    if (s.me.user.grid_ids.includes(gridId)) own ??= name
    else other ??= name
  }
  return { own, other }
}

/** The worker's row of the rates table (by worker) on the rates page: its received and call-back counts. */
async function ratesRow(page, url, workerName) {
  await page.goto(`${url}/demands/rates`)
  const table = page.locator('[data-test=rates-table]')
  const row = table.locator('.el-table__body-wrapper tr', { hasText: workerName }).first()
  await row.waitFor()
  const cells = await row.locator('td').allInnerTexts()
  return { received: digits(cells[1]), callbacks: digits(cells[2]), cells }
}

test('demands: resident reports, worker handles, resident rates, rates change; other grid gets 404', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const home = await api(url, '/me/household', 'resident')
    assert.ok(home.grid, 'the demo resident lives in a grid')
    const { own, other } = await workersFor(url, home.grid.id)
    assert.ok(own, `a demo worker looks after grid ${home.grid.name}`)
    assert.ok(other, 'a demo worker of another grid')
    const ownId = (await session(url, own)).me.user.id
    // the worker's counts this month before (no row yet = nothing counted)
    const ratesNow = async () => {
      const rows = await api(url, `/demands/rates?group=worker&community_id=${home.community_id}`, 'head')
      const r = rows.items.find((x) => Number(x.id) === ownId)
      return r ? r.counts : { received: 0, callbacks: 0 }
    }
    const before = await ratesNow()
    const head = await newPage(browser, DESKTOP, { user: 'head' })

    // 1. the resident reports from his phone: his home is preselected
    const res = await newPage(browser, PHONE, { user: 'resident' })
    await res.goto(`${url}/report`)
    const text = `楼道里的声控灯坏了好几天，晚上上下楼看不见 ${Date.now() % 100000}`
    await res.locator('textarea[data-test=report-description]').fill(text)
    await res.locator('[data-test=report-kinds] [data-code=environment]').click()
    assert.match(await res.locator('[data-test=report-where-home]').getAttribute('class'), /is-checked/, 'his own household is preselected')
    await shot(res, 'demand-report-phone')
    await res.locator('[data-test=report-submit]').click()
    await res.waitForURL(/\/my-demands/)
    const card = res.locator('[data-test=my-demand]', { hasText: text.slice(0, 10) }).first()
    await card.waitFor()
    const overflow = await res.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `my demands is ${overflow}px wider than the phone`)
    await shot(res, 'demand-mine-phone')
    const mine = await api(url, '/demands?mine=true', 'resident')
    const d = mine.items.find((x) => x.description === text)
    assert.ok(d, 'the demand is in the resident’s list')
    assert.equal(d.household_id, home.id)

    // 2. the household's grid worker: sign, contact, reply
    const w = await newPage(browser, DESKTOP, { user: own })
    await w.goto(`${url}/demands/${d.id}`)
    await w.locator('[data-test=demand-description]').waitFor()
    assert.equal(await w.locator('[data-test=demand-description]').innerText(), text)
    for (const [act, status] of [
      ['sign', '已签收'],
      ['contact', '已联系'],
    ]) {
      await w.locator(`[data-test=act-${act}]`).click()
      await w.locator('.page-header [data-test=demand-status]', { hasText: status }).waitFor()
    }
    await w.locator('[data-test=act-reply]').click()
    await w.locator('textarea[data-test=action-note]').fill('已联系物业更换了声控灯，今晚起可以正常使用。')
    await w.locator('[data-test=action-submit]').click()
    await w.locator('.page-header [data-test=demand-status]', { hasText: '已答复' }).waitFor()
    await w.locator('[data-test=demand-reply]').waitFor()
    const timeline = await w.locator('[data-test=demand-timeline]').innerText()
    for (const step of ['签收', '已联系', '答复']) assert.match(timeline, new RegExp(step))
    await shot(w, 'demand-detail-desktop')
    // an illegal step shows the server's sentence (sign again after the reply)
    const again = await w.evaluate(async (id) => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      const r = await fetch(`/api/v1/demands/${id}/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ action: 'sign' }) })
      return { status: r.status, body: await r.json() }
    }, d.id)
    assert.equal(again.status, 409)
    assert.equal(again.body.error.field, 'action')

    // the worker's list: the demand, with its status
    await w.goto(`${url}/demands`)
    await w.locator('input[data-test=demand-search]').fill('声控灯')
    await w.locator('input[data-test=demand-search]').press('Enter')
    await w.locator('[data-test=demand-table] .el-table__row', { hasText: d.number }).waitFor()
    await shot(w, 'demand-list-desktop')

    // 3. the resident rates it: solved, satisfied
    await res.goto(`${url}/my-demands`)
    const rated = res.locator('[data-test=my-demand]', { hasText: text.slice(0, 10) }).first()
    await rated.locator('[data-test=rate]').click()
    await res.locator('[data-test=callback-solved]').getByText('已解决').click()
    await res.locator('[data-test=callback-satisfaction]').getByText('满意', { exact: true }).click()
    await res.locator('[data-test=action-submit]').click()
    await rated.locator('[data-test=my-demand-status]', { hasText: '已回访' }).waitFor()
    await shot(res, 'demand-rated-phone')

    // 4. the rates page changed: one more call-back for the worker this month
    const apiAfter = await ratesNow()
    assert.equal(apiAfter.callbacks, before.callbacks + 1, 'the API counts the call-back')
    const after = await ratesRow(head, url, d.assignee_name)
    const [report] = await Promise.all([head.waitForEvent('download'), head.locator('[data-test=rates-export]').click()])
    assert.match(report.suggestedFilename(), /三率月报.*\.xlsx$/)
    await shot(head, 'demand-rates-desktop')
    assert.equal(after.received, before.received + 1, `received ${before.received} → ${after.received}`)
    assert.equal(after.callbacks, before.callbacks + 1, `call-backs ${before.callbacks} → ${after.callbacks}`)

    // 5. a grid worker of another grid: not found
    const o = await newPage(browser, DESKTOP, { user: other })
    await o.goto(`${url}/demands/${d.id}`)
    await o.locator('[data-test=demand-not-found]').waitFor()
    assert.equal(await o.locator('[data-test=demand-description]').count(), 0)
    await shot(o, 'demand-other-grid-404')

    // the phone list of the worker: cards, nothing wider than the screen
    const wp = await newPage(browser, PHONE, { user: own })
    await wp.goto(`${url}/demands`)
    await wp.locator('[data-test=demand-card]').first().waitFor()
    const wide = await wp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(wide <= 0, `demand list is ${wide}px wider than the phone`)
    await shot(wp, 'demand-list-phone')

    for (const p of [head, res, w, o, wp]) assert.deepEqual(p.errors, [], 'no console errors')
  })
})

test('demands pages in English: no Chinese UI text left, phone pages fit', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const HAN = /[\u4e00-\u9fff]/
    const check = async (page, path, name) => {
      await page.goto(url + path)
      await page.waitForLoadState('networkidle')
      const texts = await page.locator('h2, h3, th, .el-button, .el-radio-button, .el-form-item__label, .el-empty__description').allInnerTexts()
      assert.deepEqual(texts.filter((s) => HAN.test(s) && !/中文/.test(s)), [], `Chinese UI text on ${path}`)
      assert.doesNotMatch(await page.locator('body').innerText(), /\bdemand\.[a-z]+[A-Za-z.]*\b/, `raw i18n key on ${path}`)
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(wide <= 0, `${path} is ${wide}px wider than the screen`)
      await shot(page, name)
    }
    const head = await newPage(browser, DESKTOP, { user: 'head', locale: 'en' })
    for (const [path, name] of [
      ['/demands', 'demand-list-en'],
      ['/demands/due', 'demand-due-en'],
      ['/demands/rates', 'demand-rates-en'],
      ['/demands/hotspots', 'demand-hotspots-en'],
      ['/demands/settings', 'demand-settings-en'],
    ])
      await check(head, path, name)
    const res = await newPage(browser, PHONE, { user: 'resident', locale: 'en' })
    await check(res, '/report', 'demand-report-en-phone')
    await check(res, '/my-demands', 'demand-mine-en-phone')
    // the resident's menu has his two demand pages, not the staff ones
    await res.locator('.menu-btn').click()
    const menu = await res.locator('.menu-drawer .side-menu').innerText()
    assert.match(menu, /Report a problem/)
    assert.match(menu, /My demands/)
    assert.doesNotMatch(menu, /Three rates|Demand settings/)
    assert.deepEqual([...head.errors, ...res.errors], [])
  })
})

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

test('staff intake: category chips, possible duplicates merged, a photo, one demand on a double click; 409 message, 延期, 12345 import', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const c = (await api(url, '/communities', 'staff')).items[0]
    const h = (await api(url, `/households?community_id=${c.id}&q=${encodeURIComponent('1号楼')}&limit=1`, 'staff')).items[0]
    const text = '楼上装修噪音太大，早上七点就开始打钻，影响老人休息'
    // an open demand of the same building, so the intake finds it
    const first = await apiPost(url, '/demands', { channel: 'phone', nature: 'complaint', category_code: 'noise', urgency: 'normal', description: text, household_id: h.id, reporter_name: '王先生', reporter_phone: '13800138000' }, 'staff')
    const before = (await api(url, `/demands?community_id=${c.id}&limit=1`, 'staff')).total

    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/demands`)
    await page.locator('[data-test=demand-create]').click()
    await page.locator('textarea[data-test=intake-description]').fill('楼上装修噪音太大，每天早上七点打钻')
    // 智能推荐: chips under the category; one click picks it
    await page.locator('[data-test=category-chip]').first().waitFor()
    await page.locator('[data-test=category-chip]').first().click()
    // the household by search
    await page.locator('[data-test=intake-household] input').fill(h.address.split(' ').slice(-2).join(' '))
    await page.locator('.el-select-dropdown__item', { hasText: h.address }).first().click()
    // 可能重复 lists the open demand of the same building
    const dup = page.locator('[data-test=duplicate]', { hasText: first.demand.number })
    await dup.waitFor()
    // 并入此工单: the new one is linked to it
    await dup.locator('[data-test=merge-into]').click()
    await page.locator('input[data-test=intake-reporter-name]').fill('李阿姨')
    await page.locator('input[data-test=intake-reporter-phone]').fill('13912345678')
    // a photo
    await page.locator('[data-test=demand-intake] input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG })
    await page.locator('[data-test=demand-intake] .el-upload-list__item.is-success').waitFor()
    await shot(page, 'demand-intake-desktop')
    // a double click creates one demand
    await page.locator('[data-test=intake-save]').dblclick()
    await page.waitForURL(/\/demands\/\d+$/)
    await page.locator('[data-test=demand-description]').waitFor()
    const after = (await api(url, `/demands?community_id=${c.id}&limit=1`, 'staff')).total
    assert.equal(after, before + 1, 'one demand for a double click')
    const id = Number(page.url().split('/').pop())
    const detail = await api(url, `/demands/${id}`, 'staff')
    assert.equal(detail.demand.household_id, h.id)
    assert.equal(detail.attachments.length, 1)
    assert.equal(detail.demand.parent_id, first.demand.id, 'merged into the open demand')
    assert.equal(detail.parent?.id, first.demand.id)
    await page.locator('[data-test=demand-status]', { hasText: '已并案' }).waitFor()
    await page.locator('.card img').first().waitFor()
    await shot(page, 'demand-created-desktop')

    // a stale page: someone signed meanwhile; 签收 again shows the server's sentence (409)
    const other = await apiPost(url, '/demands', { channel: 'phone', nature: 'help', category_code: 'parking', urgency: 'normal', description: '小区门口乱停车，消防通道被堵', household_id: h.id, reporter_name: '赵先生', reporter_phone: '13700137000' }, 'staff')
    await page.goto(`${url}/demands/${other.demand.id}`)
    await page.locator('[data-test=act-sign]').waitFor()
    await apiPost(url, `/demands/${other.demand.id}/actions`, { action: 'sign' }, 'head')
    const s = await session(url, 'head')
    const again = await fetch(`${url}/api/v1/demands/${other.demand.id}/actions`, { method: 'POST', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'sign' }) })
    assert.equal(again.status, 409)
    const sentence = (await again.json()).error.message
    await page.locator('[data-test=act-sign]').click()
    await page.locator('.el-message--error', { hasText: sentence }).waitFor()

    // 延期: a new deadline with a reason, in the dialog; the timeline records it
    await page.reload()
    await page.locator('[data-test=act-extend]').click()
    const due = new Date(Date.now() + 10 * 86400000)
    const pad = (n) => String(n).padStart(2, '0')
    await page.locator('[data-test=extend-due] input').fill(`${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())} 18:00:00`)
    await page.locator('[data-test=extend-due] input').press('Enter')
    await page.locator('textarea[data-test=action-note]').fill('需要协调交警，延期处理')
    await page.locator('[data-test=action-submit]').click()
    await page.locator('[data-test=demand-timeline]', { hasText: '需要协调交警' }).waitFor()
    const extended = await api(url, `/demands/${other.demand.id}`, 'staff')
    assert.equal(extended.demand.extensions, 1)
    assert.ok(extended.demand.due_at.startsWith(`${due.getFullYear()}-${pad(due.getMonth() + 1)}`), extended.demand.due_at)
    // 导入12345工单: preview, import, and the same file again creates nothing
    const csv = [
      '工单编号,来电时间,诉求人,联系电话,诉求地址,诉求内容,诉求类型,问题分类,紧急程度',
      `KF20261129E2E01,2026-11-28 09:15,周女士,13600136000,${h.address},小区里的路灯坏了好几盏,求助,环境卫生,一般`,
      'KF20261129E2E02,2026-11-28 10:20,吴先生,13500135000,不存在的地方99号,门口垃圾没人收,投诉,环境卫生,紧急',
    ].join('\n')
    const file = { name: '12345工单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') }
    await page.goto(`${url}/demands`)
    for (const round of [1, 2]) {
      await page.locator('[data-test=demand-import-open]').click()
      await page.locator('input[data-test=import-file]').setInputFiles(file)
      const stats = page.locator('[data-test=import-stats]')
      await stats.waitFor()
      if (round === 1) {
        assert.match(await stats.innerText(), /新工单 2 条/)
        assert.match(await stats.innerText(), /地址未匹配 1 条/)
        await shot(page, 'demand-import-desktop')
        await page.locator('[data-test=import-commit]').click()
        await page.locator('[data-test=import-done]', { hasText: '已导入 2 条' }).waitFor()
      } else {
        assert.match(await stats.innerText(), /新工单 0 条/)
        assert.match(await stats.innerText(), /已导入过 2 条/)
        assert.ok(await page.locator('[data-test=import-commit]').isDisabled(), 'nothing to import the second time')
      }
      await page.keyboard.press('Escape')
      await page.locator('[data-test=demand-import]').waitFor({ state: 'hidden' })
    }
    // 导出 Excel: the filtered list as .xlsx
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=demand-export]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const imported = await api(url, `/demands?q=KF20261129E2E01`, 'staff')
    assert.equal(imported.total, 1)
    assert.equal(imported.items[0].channel, 'hotline_12345')

    // the failed sign above was answered 409: that is the only failed request
    assert.deepEqual(page.failed.filter((f) => !f.startsWith('409 POST')), [])
  })
})
