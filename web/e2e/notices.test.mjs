// Public notices (公示, issue 5): staff write and publish a notice → the public board shows it on a
// phone without login → a resident objects → staff answer → the answer shows on the board; the
// printable A4 page; screenshots of every screen (laptop and 390 px phone).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP, PHONE } from './helpers.mjs'

const TITLE = '关于小区南门增设非机动车停车棚的公示'
const OBJECTION = '停车棚挡住了1号楼一层的采光，建议往东挪一点。'
const ANSWER = '已到现场查看，停车棚东移3米，不再遮挡1号楼窗户。'

const noOverflow = async (page, what) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the phone`)
}

test('staff publish a notice, the public board shows it, a resident objects, staff answer', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const code = (await api(url, '/communities?limit=1')).items[0].code

    // staff: the list (demo notices), then a new notice
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/notices`)
    await staff.locator('[data-test=notice-table]').waitFor()
    assert.match(await staff.locator('.side-menu').innerText(), /公示/)
    assert.match(await staff.locator('[data-test=notice-table]').innerText(), /新桶站选址/)
    await shot(staff, 'notices-list-desktop')
    await staff.locator('[data-test=notice-create]').click()
    await staff.waitForURL(/\/notices\/new$/)
    await staff.locator('input[data-test=notice-title]').fill(TITLE)
    await staff.locator('textarea[data-test=notice-body]').fill('各位居民：\n\n为解决电动自行车乱停放，拟在南门内侧增设停车棚一处，可停放 60 辆。\n\n公示期内如有意见，请在公示栏留言或到居委会反映。')
    assert.match(await staff.locator('[data-test=notice-days]').innerText(), /共 7 天/)
    // an attachment: the site plan as a picture
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64)])
    await staff.locator('input[data-test=notice-file]').setInputFiles({ name: '停车棚位置图.png', mimeType: 'image/png', buffer: png })
    await staff.waitForFunction(() => [...document.querySelectorAll('.att-row input')].some((i) => i.value === '停车棚位置图'))
    await shot(staff, 'notice-editor-desktop')
    await staff.locator('[data-test=notice-save]').click()
    await staff.waitForURL(/\/notices\/\d+$/)
    const id = Number(staff.url().match(/\/notices\/(\d+)$/)[1])
    assert.match(await staff.locator('[data-test=notice-status]').innerText(), /草稿/)
    await staff.locator('[data-test=notice-publish]').click()
    await staff.locator('.el-message-box__btns .el-button--primary').click()
    await staff.locator('[data-test=notice-status]', { hasText: '公示中' }).waitFor()
    assert.equal(await staff.locator('[data-test=notice-edit]').count(), 0) // published: no more edits

    // the public board on a phone, no login
    const phone = await newPage(browser, PHONE)
    await phone.goto(`${url}/board/${code}`)
    await phone.locator('[data-test=board-item]', { hasText: TITLE }).waitFor()
    assert.match(await phone.locator('[data-test=board-title]').innerText(), /公示栏/)
    assert.equal(await phone.locator('[data-test=user-menu]').count(), 0) // not the console
    await noOverflow(phone, 'the board')
    await shot(phone, 'board-phone')
    await phone.locator('[data-test=board-item]', { hasText: TITLE }).click()
    await phone.waitForURL(new RegExp(`/board/${code}/${id}$`))
    await phone.locator('[data-test=board-notice-title]').waitFor()
    assert.match(await phone.locator('[data-test=board-period]').innerText(), /年.*月.*日至.*年.*月.*日/)
    assert.equal(await phone.locator('[data-test=board-print]').getAttribute('href'), `/notices/${id}/print`)
    const att = await phone.locator('.atts a', { hasText: '停车棚位置图' }).getAttribute('href')
    assert.equal((await fetch(url + att)).headers.get('content-type'), 'image/png') // no login needed
    await noOverflow(phone, 'the notice')
    await shot(phone, 'board-notice-phone')

    // a logged-in resident objects from the board
    const resident = await newPage(browser, PHONE, { user: 'resident' })
    await resident.goto(`${url}/board/${code}/${id}`)
    await resident.locator('textarea[data-test=board-text]').waitFor()
    assert.match(await resident.locator('.leave').innerText(), /以居民/)
    await resident.locator('[data-test=board-kind] label', { hasText: '异议' }).click()
    await resident.locator('textarea[data-test=board-text]').fill(OBJECTION)
    await shot(resident, 'board-objection-phone')
    await resident.locator('[data-test=board-send]').click()
    await resident.locator('[data-test=board-comment]', { hasText: OBJECTION }).waitFor()
    // shown publicly by surname only
    const shown = await resident.locator('[data-test=board-comment]', { hasText: OBJECTION }).innerText()
    assert.match(shown, /\*/)

    // staff answer it
    await staff.reload()
    await staff.locator('[data-test=notice-comment]', { hasText: OBJECTION }).waitFor()
    assert.match(await staff.locator('.comments-head').innerText(), /1 条异议待答复/)
    const row = staff.locator('[data-test=notice-comment]', { hasText: OBJECTION })
    await row.locator('textarea[data-test=notice-answer-input]').fill(ANSWER)
    await row.locator('[data-test=notice-answer-send]').click()
    await row.locator('[data-test=notice-answer]', { hasText: ANSWER }).waitFor()
    await shot(staff, 'notice-detail-desktop')

    // the answer on the public board (anonymous phone)
    await phone.reload()
    await phone.locator('[data-test=board-answer]', { hasText: ANSWER }).waitFor()
    await phone.locator('[data-test=board-answer]', { hasText: ANSWER }).scrollIntoViewIfNeeded()
    await shot(phone, 'board-answer-phone')

    // anonymous comment under a name
    await phone.locator('input[data-test=board-name]').fill('南门 赵师傅')
    await phone.locator('textarea[data-test=board-text]').fill('支持，早该建了。')
    await phone.locator('[data-test=board-send]').click()
    await phone.locator('[data-test=board-comment]', { hasText: '支持，早该建了。' }).waitFor()
    assert.match(await phone.locator('[data-test=board-comment]', { hasText: '支持，早该建了。' }).innerText(), /南\*/)

    // the printable page: A4 HTML from the server, no login
    const print = await newPage(browser, DESKTOP)
    const res = await print.goto(`${url}/notices/${id}/print`)
    assert.equal(res.status(), 200)
    const text = await print.locator('article').innerText()
    assert.match(text, new RegExp(TITLE))
    assert.match(text, /居民委员会/)
    assert.match(text, /\d{4}年\d{1,2}月\d{1,2}日/)
    await shot(print, 'notice-print-desktop')
    await print.emulateMedia({ media: 'print' })
    await shot(print, 'notice-print-media')
    const phonePrint = await newPage(browser, PHONE)
    await phonePrint.goto(`${url}/notices/${id}/print`)
    await noOverflow(phonePrint, 'the printable page')
    await shot(phonePrint, 'notice-print-phone')

    // the staff pages on a phone, and the English board
    const staffPhone = await newPage(browser, PHONE, { user: 'staff' })
    await staffPhone.goto(`${url}/notices`)
    await staffPhone.locator('[data-test=notice-row]').first().waitFor()
    await noOverflow(staffPhone, 'the notice list')
    await shot(staffPhone, 'notices-list-phone')
    await staffPhone.goto(`${url}/notices/${id}`)
    await staffPhone.locator('[data-test=notice-detail-title]').waitFor()
    await noOverflow(staffPhone, 'the notice detail')
    await shot(staffPhone, 'notice-detail-phone')
    const en = await newPage(browser, PHONE, { locale: 'en' })
    await en.goto(`${url}/board/${code}`)
    await en.locator('[data-test=board-item]').first().waitFor()
    assert.match(await en.locator('.board').innerText(), /On notice now/)
    await shot(en, 'board-phone-en')

    for (const p of [staff, phone, resident, print, staffPhone, en]) assert.deepEqual(p.errors, [])
  })
})

test('the board of an unknown community says so; drafts never show', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const code = (await api(url, '/communities?limit=1')).items[0].code
    const phone = await newPage(browser, PHONE)
    await phone.goto(`${url}/board/999999999999`)
    await phone.locator('.el-alert', { hasText: '没有找到' }).waitFor()
    const board = await (await fetch(`${url}/api/v1/public/notices?community_code=${code}`)).json()
    const staffList = await api(url, '/notices?status=draft')
    for (const d of staffList.items) assert.ok(!board.items.some((n) => n.id === d.id))
    assert.ok(board.items.every((n) => n.status !== 'draft' && n.status !== 'scheduled'))
    // the demo's vote-result notice links the property-management vote and states its count
    const result = (await api(url, '/notices?kind=vote')).items[0]
    assert.ok(result.vote_id, 'the vote result notice links its vote')
    const detail = await api(url, `/notices/${result.id}`)
    assert.match(detail.body, /同意 \d+ 户/)
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/notices/${result.id}`)
    assert.equal(await staff.locator('[data-test=notice-vote-link]').getAttribute('href'), `/votes/${result.vote_id}`)
    assert.deepEqual(staff.errors, [])
  })
})
