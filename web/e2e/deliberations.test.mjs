// 议事协商 (六步议事法, issue 5), the whole path in the browser: staff start a deliberation → a resident
// gives his opinion from his phone → staff record one from the hall, group them (智能分组) and set the
// topic → research with a file and an option in 元 → a four-party meeting and the decision → a task,
// reported done → 发布公示 opens the notice editor linked to the deliberation → the notice is
// published (its period set through the API to end seconds later: a notice cannot be published
// with its period already over) → the period ends → 办结 → the notice is archived.
// Screenshots of every screen at 1366 and 390 px.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, apiPost, session, DESKTOP, PHONE } from './helpers.mjs'

const TITLE = '幸福里南门电动车停放和充电问题'
const MINE = '南门口电动车乱停，早上推婴儿车都过不去，希望建个车棚。'
const HALL = '楼道里飞线充电太危险，车棚里最好能装充电口。'

/** The text input marked data-test=`id` (el-input puts the attribute on the <input> itself). */
const field = (page, id) => page.locator(`input[data-test=${id}], [data-test=${id}] input, textarea[data-test=${id}], [data-test=${id}] textarea`).first()

/** Waits until the page's path (and query) matches `re` (router pushes are same-document navigations). */
const waitPath = (page, re) => page.waitForFunction((src) => new RegExp(src).test(location.pathname + location.search), re.source)

const noOverflow = async (page, what) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the phone`)
}

/** PATCH JSON from the test process as a demo account. */
async function apiPatch(url, path, body, user = 'staff') {
  const s = await session(url, user)
  const r = await fetch(`${url}/api/v1${path}`, {
    method: 'PATCH',
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!r.ok) throw new Error(`PATCH ${path}: ${r.status} ${await r.text()}`)
  return r.json()
}

/** "YYYY-MM-DD" or "YYYY-MM-DD HH:mm" in Beijing, `offsetMs` from now. */
const beijing = (offsetMs, withTime = false) => new Date(Date.now() + offsetMs + 8 * 3600_000).toISOString().slice(0, withTime ? 16 : 10).replace('T', ' ')

/** Clicks 下一步 (or 办结) and confirms; waits for the step tag to read `stepName`. */
async function advance(page, stepName) {
  await page.locator('[data-test=delib-next]:not(.is-disabled)').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('[data-test=delib-step-tag]', { hasText: stepName }).waitFor()
}

/** Both widths of the current deliberation screen. */
async function shots(browser, url, path, name, user = 'staff') {
  const phone = await newPage(browser, PHONE, { user })
  await phone.goto(url + path)
  await phone.locator('[data-test=delib-steps], [data-test=delib-row], .el-empty, form').first().waitFor()
  await phone.waitForLoadState('networkidle')
  await noOverflow(phone, name)
  await shot(phone, `${name}-phone`)
  assert.deepEqual(phone.errors, [], `${name} on a phone`)
  await phone.context().close()
}

test('deliberation: six steps from the first opinion to the archived notice', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64)])

    // 0. staff: the list, then 新建议事
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/deliberations`)
    assert.match(await staff.locator('.side-menu').innerText(), /议事协商/)
    await staff.locator('[data-test=delib-table], .el-empty').first().waitFor()
    await shot(staff, 'delib-list-desktop')
    await shots(browser, url, '/deliberations', 'delib-list')
    await staff.locator('[data-test=delib-create]').click()
    await waitPath(staff, /\/deliberations\/new$/)
    await field(staff, 'delib-title').fill(TITLE)
    await shot(staff, 'delib-new-desktop')
    await shots(browser, url, '/deliberations/new', 'delib-new')
    await staff.locator('[data-test=delib-save]').click()
    await waitPath(staff, /\/deliberations\/\d+$/)
    const id = Number(staff.url().split('/').pop())
    const path = `/deliberations/${id}`
    await staff.locator('[data-test=delib-step-tag]', { hasText: '广开言路纳民意' }).waitFor()
    await staff.locator('[data-test=delib-missing]', { hasText: '至少收集一条居民意见' }).waitFor()
    assert.ok(await staff.locator('[data-test=delib-next]').isDisabled(), '下一步 waits for an opinion')
    assert.equal(await staff.locator('[data-test=delib-skip]').count(), 0, 'only the head skips')

    // 1. a resident, on his phone: 社区议事 → 提意见 (anonymous)
    const resident = await newPage(browser, PHONE, { user: 'resident' })
    await resident.goto(`${url}/my-deliberations`)
    const row = resident.locator('[data-test=delib-row]', { hasText: TITLE })
    await row.waitFor()
    await noOverflow(resident, 'the resident list')
    await shot(resident, 'delib-resident-list-phone')
    await row.locator('[data-test=delib-opine]').click()
    await field(resident, 'opinion-text').fill(MINE)
    await resident.locator('[data-test=opinion-anonymous]').click()
    await shot(resident, 'delib-resident-opinion-phone')
    await resident.locator('[data-test=opinion-save]').click()
    await resident.locator('.el-message--success').waitFor()
    await row.click()
    await waitPath(resident, new RegExp(`${path}$`))
    await resident.locator('[data-test=opinion]', { hasText: MINE }).waitFor()
    assert.equal(await resident.locator('[data-test=delib-next]').count(), 0, 'a resident does not move steps')
    await noOverflow(resident, 'the resident detail')
    await shot(resident, 'delib-resident-detail-phone')
    const residentDesk = await newPage(browser, DESKTOP, { user: 'resident' })
    await residentDesk.goto(`${url}/my-deliberations`)
    await residentDesk.locator('[data-test=delib-row]', { hasText: TITLE }).waitFor()
    await shot(residentDesk, 'delib-resident-list-desktop')
    await residentDesk.goto(url + path)
    await residentDesk.locator('[data-test=opinion]', { hasText: MINE }).waitFor()
    await shot(residentDesk, 'delib-resident-detail-desktop')
    assert.deepEqual(residentDesk.errors, [])
    await residentDesk.context().close()
    const own = (await api(url, path, 'resident')).opinions.find((o) => o.text === MINE)
    assert.ok(own?.anonymous, 'sent anonymously')
    const others = (await api(url, path, 'worker01')).opinions.find((o) => o.text === MINE)
    assert.equal(others.author_name, '匿名', 'no name for anyone but staff and himself')

    // staff see it, record one from the hall, and move on
    await staff.reload()
    await staff.locator('[data-test=opinion]', { hasText: MINE }).waitFor()
    await staff.locator('[data-test=opinion-add]').click()
    await staff.locator('[data-test=opinion-source]').click()
    await staff.locator('.el-select-dropdown__item:visible', { hasText: '议事厅' }).click()
    await field(staff, 'opinion-author').fill('3号楼 李阿姨')
    await field(staff, 'opinion-text').fill(HALL)
    await staff.locator('[data-test=opinion-save]').click()
    await staff.locator('[data-test=opinion]', { hasText: HALL }).waitFor()
    await staff.locator('[data-test=delib-ready]').waitFor()
    await shot(staff, 'delib-collect-desktop')
    await shots(browser, url, path, 'delib-collect')
    await advance(staff, '分组商量定主题')

    // 2. grouping and the topic
    await staff.locator('[data-test=panel-topic]').waitFor()
    await staff.locator('[data-test=delib-suggest]').click()
    await staff.locator('[data-test=delib-suggestions]').waitFor()
    if (await staff.locator('[data-test=delib-accept]').count()) {
      await staff.locator('[data-test=delib-accept]').first().click()
      await staff.locator('.el-message--success', { hasText: '已归入' }).waitFor()
      await staff.locator('[data-test=delib-group]').first().waitFor()
    }
    // move the first ungrouped (or any) opinion into a theme of our own
    const move = staff.locator('[data-test=delib-move]').first()
    await move.click()
    await staff.locator('.el-select-dropdown__item:visible', { hasText: '新的分组' }).click()
    await staff.locator('.el-message-box__input input').fill('停车充电')
    await staff.locator('.el-message-box__btns .el-button--primary').click()
    await staff.locator('[data-test=delib-group]', { hasText: '停车充电' }).waitFor()
    await field(staff, 'delib-topic').fill('南门电动车停放和充电')
    await field(staff, 'delib-question').fill('是否在南门内侧东边绿地建一处带充电口的车棚？钱从哪里出？')
    await staff.locator('[data-test=delib-topic-save]').click()
    await staff.locator('[data-test=delib-ready]').waitFor()
    await shot(staff, 'delib-topic-desktop')
    await shots(browser, url, path, 'delib-topic')
    await advance(staff, '再三调研拟方案')

    // 3. research with a file, an option in 元
    await staff.locator('[data-test=research-add]').click()
    await field(staff, 'research-text').fill('和物业、业委会到南门看了，东侧绿地约 80 平方米，可停 60 辆，不挡采光。')
    await staff.locator('input[data-test=research-file]').setInputFiles({ name: '南门东侧现场.png', mimeType: 'image/png', buffer: png })
    await staff.locator('.el-dialog .file a', { hasText: '南门东侧现场' }).waitFor()
    await staff.locator('[data-test=research-save]').click()
    await staff.locator('[data-test=research-note]', { hasText: '东侧绿地' }).waitFor()
    await staff.locator('[data-test=option-add]').click()
    await field(staff, 'option-title').fill('东侧绿地建车棚带 20 个充电口')
    await field(staff, 'option-description').fill('钢结构雨棚，充电按度收费。')
    await field(staff, 'option-cost-input').fill('48000.5')
    await field(staff, 'option-households').fill('426')
    await field(staff, 'option-payer').fill('维修资金')
    await field(staff, 'option-schedule').fill('2027年3月至4月')
    await staff.locator('[data-test=option-save]').click()
    await staff.locator('[data-test=option-cost]', { hasText: '48,000.5元' }).waitFor()
    const stored = await api(url, path)
    assert.equal(stored.options[0].cost_fen, 4800050, 'kept in fen')
    assert.equal(stored.research[0].attachments.length, 1)
    await staff.locator('[data-test=delib-ready]').waitFor()
    await shot(staff, 'delib-research-desktop')
    await shots(browser, url, path, 'delib-research')
    await advance(staff, '民主讨论达共识')

    // 4. the four-party meeting and the decision
    await staff.locator('[data-test=meeting-add]').click()
    const at = staff.locator('.el-dialog .el-date-editor input').first()
    await at.fill(beijing(-86400_000, true))
    await at.press('Enter')
    await field(staff, 'meeting-place').fill('社区议事厅')
    const names = ['王书记', '李桂兰', '幸福里物业 陈经理', '孙德明']
    const rows = staff.locator('[data-test=meeting-attendee]')
    for (let i = 0; i < 4; i++) await rows.nth(i).locator('.att-name input').fill(names[i])
    await field(staff, 'meeting-minutes').fill('王书记介绍了意见和方案；李桂兰同意；陈经理答复充电 0.8 元/度。大家同意按方案一做。')
    await field(staff, 'meeting-outcome').fill('采用方案一。')
    await staff.locator('[data-test=meeting-save]').click()
    await staff.locator('[data-test=meeting]', { hasText: '四方到齐' }).waitFor()
    await field(staff, 'delib-outcome').fill('采用方案一：东侧绿地建车棚并装 20 个充电口。')
    await staff.locator('[data-test=delib-chosen]').click()
    await staff.locator('.el-select-dropdown__item:visible', { hasText: '东侧绿地建车棚' }).click()
    await staff.locator('[data-test=delib-decision-save]').click()
    await staff.locator('[data-test=delib-ready]').waitFor()
    await shot(staff, 'delib-decide-desktop')
    await shots(browser, url, path, 'delib-decide')
    // 发起表决 opens the vote wizard linked to this deliberation (not needed here: no vote)
    await staff.locator('[data-test=delib-needs-vote]').click()
    await staff.locator('[data-test=delib-start-vote]').click()
    await waitPath(staff, new RegExp(`/votes/new\\?deliberation_id=${id}`))
    await shot(staff, 'delib-vote-editor-desktop')
    await staff.goBack()
    await staff.locator('[data-test=panel-decide]').waitFor()
    await advance(staff, '跟踪问效抓落地')

    // 5. a task, reported done with a photo
    await staff.locator('[data-test=task-add]').click()
    await field(staff, 'task-title').fill('车棚施工')
    await field(staff, 'task-owner').fill('幸福里物业 陈经理')
    const due = staff.locator('.el-dialog .el-date-editor input').first()
    await due.fill(beijing(14 * 86400_000))
    await due.press('Enter')
    await field(staff, 'task-title').click()
    await staff.locator('[data-test=task-save]').click()
    await staff.locator('[data-test=task]', { hasText: '车棚施工' }).waitFor()
    await staff.locator('[data-test=delib-missing]', { hasText: '尚未完成' }).waitFor()
    // a task past its due date stands out here and in the list; it is then cancelled
    await apiPost(url, `${path}/tasks`, { title: '南门划线', owner: '网格员 吴敏', due_date: beijing(-2 * 86400_000) })
    await staff.reload()
    const late = staff.locator('[data-test=task]', { hasText: '南门划线' })
    await late.locator('[data-test=task-overdue]').waitFor()
    assert.match(await late.innerText(), /逾期 2 天/)
    assert.equal((await api(url, '/deliberations?step=implement')).items.find((x) => x.id === id).tasks_overdue, 1)
    await shot(staff, 'delib-implement-desktop')
    await late.locator('[data-test=task-report]').click()
    await field(staff, 'update-text').fill('改由物业在车棚施工时一并划线。')
    await staff.locator('[data-test=update-status] label', { hasText: '取消这项任务' }).click()
    await staff.locator('[data-test=update-save]').click()
    await late.locator('[data-test=task-status]', { hasText: '已取消' }).waitFor()
    await late.locator('[data-test=task-overdue]').waitFor({ state: 'detached' }) // the tag zooms out
    await staff.locator('[data-test=task-done]').click()
    await field(staff, 'update-text').fill('车棚建好了，20 个充电口已通电。')
    await staff.locator('input[data-test=update-photo]').setInputFiles({ name: '车棚完工.png', mimeType: 'image/png', buffer: png })
    await staff.locator('.el-dialog .file a', { hasText: '车棚完工' }).waitFor()
    await staff.locator('[data-test=update-save]').click()
    await staff.locator('[data-test=task-status]', { hasText: '已完成' }).waitFor()
    await staff.locator('[data-test=delib-ready]').waitFor()
    await shots(browser, url, path, 'delib-implement')
    await advance(staff, '及时公示听反馈')

    // 6. 发布公示: the notice editor, linked and prefilled
    await staff.locator('[data-test=delib-publish-notice]').click()
    await staff.waitForFunction(() => location.pathname === '/notices/new')
    await staff.waitForFunction(() => document.querySelector('input[data-test=notice-title]')?.value.includes('南门'))
    assert.match(await field(staff, 'notice-title').inputValue(), /南门电动车停放和充电/)
    assert.match(await staff.locator('textarea[data-test=notice-body]').inputValue(), /采用方案一/)
    await shot(staff, 'delib-notice-editor-desktop')
    await staff.locator('[data-test=notice-save]').click()
    await waitPath(staff, /\/notices\/\d+$/)
    const noticeId = Number(staff.url().split('/').pop())
    const draft = await api(url, `/notices/${noticeId}`)
    assert.equal(draft.deliberation_id, id)
    assert.equal(draft.kind, 'deliberation')
    // the period: from an hour ago to a few seconds from now, then published
    await apiPatch(url, `/notices/${noticeId}`, { starts_at: new Date(Date.now() - 3600_000).toISOString(), ends_at: new Date(Date.now() + 6000).toISOString() })
    await apiPost(url, `/notices/${noticeId}/publish`, {})
    await staff.goto(url + path)
    await staff.locator('[data-test=delib-notice]', { hasText: '公示中' }).waitFor()
    await staff.locator('[data-test=delib-missing]', { hasText: '公示期尚未结束' }).waitFor()
    await shot(staff, 'delib-publish-desktop')
    await shots(browser, url, path, 'delib-publish')
    // the period is over: 办结 is possible once the page reads it again
    await staff.waitForTimeout(6500)
    for (let i = 0; ; i++) {
      await staff.reload()
      await staff.locator('[data-test=delib-ready], [data-test=delib-missing]').first().waitFor()
      if (await staff.locator('[data-test=delib-ready]').count()) break
      const still = await staff.locator('[data-test=delib-missing]').innerText()
      if (i === 10) assert.fail(`still missing after the period: ${still} ${JSON.stringify((await api(url, path)).notices)} now ${new Date().toISOString()}`)
      await staff.waitForTimeout(1000)
    }
    await advance(staff, '已办结')
    await staff.locator('[data-test=delib-closed]').waitFor()
    assert.equal(await staff.locator('[data-test=delib-event]').count(), 6)

    // the ended notice is archived
    await staff.goto(`${url}/notices/${noticeId}`)
    await staff.locator('[data-test=notice-archive]').click()
    await staff.locator('.el-message-box__btns .el-button--primary').click()
    await staff.locator('[data-test=notice-status]', { hasText: '已归档' }).waitFor()
    await staff.goto(url + path)
    await staff.locator('[data-test=delib-notice-status]', { hasText: '已归档' }).waitFor()
    await shot(staff, 'delib-closed-desktop')
    await shots(browser, url, path, 'delib-closed')
    const closed = await api(url, path)
    assert.equal(closed.step, 'closed')
    assert.deepEqual(closed.history.map((e) => e.to), ['topic', 'research', 'decide', 'implement', 'publish', 'closed'])
    const listed = await api(url, '/deliberations?step=closed')
    assert.ok(listed.items.some((d) => d.id === id))

    for (const p of [staff, resident]) assert.deepEqual(p.errors, [])
  })
})

test('deliberation: 发起议事 from a hotspot seeds the opinions; 退回 and 跳过 (the head) are on the record', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const head = await newPage(browser, DESKTOP, { user: 'head' })
    await head.goto(`${url}/demands/hotspots`)
    const hot = head.locator('[data-test=hotspot]').first()
    await hot.waitFor()
    await hot.locator('[data-test=hotspot-deliberate]').click()
    await waitPath(head, /\/deliberations\/\d+$/)
    const id = Number(head.url().split('/').pop())
    await head.locator('[data-test=opinion]').first().waitFor()
    const d = await api(url, `/deliberations/${id}`, 'head')
    assert.ok(d.opinions.length > 0 && d.opinions.every((o) => o.source === 'demand' && o.demand_id), 'the hotspot demands became opinions')
    await shot(head, 'delib-from-hotspot-desktop')

    // skip step 2 with a reason (the head approves), then go back to it
    await advance(head, '分组商量定主题')
    await head.locator('[data-test=delib-skip]').click()
    await head.locator('textarea[data-test=delib-skip-reason]').fill('议题已在居民会议上定了')
    await head.locator('[data-test=delib-skip-ok]').click()
    await head.locator('[data-test=delib-step-tag]', { hasText: '再三调研拟方案' }).waitFor()
    await head.locator('[data-test=delib-back]').click()
    await head.locator('[data-test=delib-back-target]').click()
    await head.locator('.el-select-dropdown__item:visible', { hasText: '分组商量定主题' }).click()
    await head.locator('textarea[data-test=delib-back-reason]').fill('居民对充电收费意见大，重新归类')
    await head.locator('[data-test=delib-back-ok]').click()
    await head.locator('[data-test=delib-step-tag]', { hasText: '分组商量定主题' }).waitFor()
    const history = head.locator('[data-test=delib-history]')
    await history.getByText('议题已在居民会议上定了').waitFor()
    await history.getByText('居民对充电收费意见大').waitFor()
    assert.match(await history.innerText(), /批准人/)
    await shot(head, 'delib-history-desktop')

    // the same page in English: no Chinese UI text (opinions and names are data)
    const en = await newPage(browser, DESKTOP, { user: 'head', locale: 'en' })
    for (const p of [`/deliberations/${id}`, '/deliberations', '/deliberations/new']) {
      await en.goto(url + p)
      await en.waitForLoadState('networkidle')
      const texts = await en.locator('h2:not([data-test=delib-detail-title]), h3, th, .el-button, .el-step__title, .el-form-item__label, .side-menu, [data-test=delib-missing]').allInnerTexts()
      assert.deepEqual(texts.filter((x) => /[\u4e00-\u9fff]/.test(x) && !/中文/.test(x)), [], `Chinese UI text on ${p}`)
      assert.doesNotMatch(await en.locator('body').innerText(), /\bdelib\.[a-zA-Z.]+/)
    }
    await shot(en, 'delib-new-en-desktop')
    await en.goto(`${url}/deliberations/${id}`)
    assert.match(await en.locator('[data-test=delib-missing]').innerText(), /Topic: missing/)
    await shot(en, 'delib-detail-en-desktop')
    assert.deepEqual(en.errors, [])
    const after = await api(url, `/deliberations/${id}`, 'head')
    assert.deepEqual(after.history.map((e) => e.kind), ['advance', 'skip', 'back'])
    assert.deepEqual(head.errors, [])
  })
})
