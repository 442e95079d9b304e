// 业主表决, the whole path in the browser: staff create a vote on one stairwell with the wizard and
// open it → the demo resident (an owner in that stairwell) votes online from his phone → staff enter
// a paper ballot with the scan → the other dwellings' paper ballots → staff close and publish → the
// published result shows every threshold with reached and needed fractions and met / not met.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, apiPost, DESKTOP, PHONE } from './helpers.mjs'

/** Picks `text` in the el-select marked data-test=`testId`. */
async function pick(page, testId, text) {
  await page.locator(`[data-test=${testId}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** The text input marked data-test=`id` (el-input puts the attribute on the <input> itself). */
const field = (page, id) => page.locator(`input[data-test=${id}], [data-test=${id}] input`).first()

/** "YYYY-MM-DD HH:mm:ss" in Beijing time, `offsetMs` from now. */
function beijing(offsetMs) {
  const d = new Date(Date.now() + offsetMs + 8 * 3600_000)
  return d.toISOString().slice(0, 19).replace('T', ' ')
}

test('votes: staff open a stairwell vote, a resident votes online, staff enter paper ballots, close, publish', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const home = await api(url, '/me/household', 'resident')
    const [compound, building, unit] = home.address.split(' ')
    assert.ok(unit, `the demo resident's address has a unit: ${home.address}`)

    // 1. staff: the wizard
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/votes`)
    await staff.locator('[data-test=vote-create]').click()
    await pick(staff, 'vote-compound', compound)
    await pick(staff, 'vote-building', building)
    await pick(staff, 'vote-unit', unit)
    await staff.locator('[data-test=vote-selection]').waitFor()
    await staff.locator('[data-test=vote-next]').click()
    // rules: 民法典 278 重大事项 (the default) is explained in plain Chinese
    await staff.getByText('改建重建（如加装电梯）').first().waitFor()
    await shot(staff, 'votes-wizard-rules')
    await staff.locator('[data-test=vote-next]').click()
    await field(staff, 'vote-title').fill(`${building}${unit}加装电梯表决`)
    const inputs = staff.locator('.el-range-editor input.el-range-input')
    await inputs.nth(0).fill(beijing(-3600_000))
    await inputs.nth(1).fill(beijing(7 * 86400_000))
    await inputs.nth(1).press('Enter')
    await staff.waitForTimeout(400)  // Enter takes the typed range and closes the panel
    await field(staff, 'vote-title').click()
    await staff.locator('[data-test=vote-next]').click()
    await staff.locator('[data-test=vote-summary]').waitFor()
    await staff.locator('[data-test=vote-save]').click()
    await staff.waitForURL(/\/votes\/\d+$/)
    const voteId = Number(staff.url().split('/').pop())
    await staff.locator('[data-test=vote-open]').click()
    await staff.locator('.el-message-box__btns .el-button--primary').click()
    await staff.locator('[data-test=vote-status]', { hasText: '进行中' }).waitFor()
    const opened = await api(url, `/votes/${voteId}`)
    assert.equal(opened.status, 'open')
    assert.ok(opened.dwellings >= 2, `the stairwell has ${opened.dwellings} dwellings`)

    // 2. the resident votes from his phone
    const res = await newPage(browser, PHONE, { user: 'resident' })
    await res.goto(`${url}/my-votes`)
    await res.locator('[data-test=vote-row]', { hasText: `${building}${unit}加装电梯表决` }).first().click()
    await res.locator('[data-test=vote-cast-agree]').click()
    await res.locator('.el-message-box__btns .el-button--primary').click()
    await res.locator('[data-test=vote-my-choice]', { hasText: '同意' }).waitFor()
    await shot(res, 'votes-resident-phone')
    assert.deepEqual(res.errors, [])

    // 3. staff enter one paper ballot in the console, the others through the API
    await staff.reload()
    await staff.locator('[data-test=vote-paper]').click()
    await staff.locator('[data-test=paper-household]').click()
    const first = staff.locator('.el-select-dropdown__item:visible').first()
    await first.click()
    await staff.locator('[data-test=paper-choice] .el-radio', { hasText: '不同意' }).click()
    await field(staff, 'paper-attachment').fill('纸质票扫描件-001.pdf')
    await field(staff, 'paper-voter').fill('业主')
    await staff.locator('[data-test=paper-save]').click()
    await staff.getByText('选票已录入').waitFor()
    const list = await api(url, `/votes/${voteId}/electorate`)
    let n = 0
    for (const row of list.items.filter((r) => !r.voted)) {
      await apiPost(url, `/votes/${voteId}/paper-ballots`, { household_id: row.household_id, choice: n++ % 2 ? 'disagree' : 'agree', channel: 'paper', attachment: `scan-${row.household_id}.pdf` })
    }

    // 4. close (everyone voted, so before the end) and publish
    await staff.reload()
    await staff.locator('[data-test=vote-close]').click()
    await staff.locator('.el-message-box__btns .el-button--primary').click()
    await staff.locator('[data-test=vote-publish]').click()
    await staff.locator('[data-test=vote-status]', { hasText: '已公布结果' }).waitFor()
    const final = await api(url, `/votes/${voteId}`)
    assert.equal(final.status, 'closed')
    assert.ok(final.published_at)
    assert.ok(['passed', 'failed'].includes(final.outcome), final.outcome)
    // every threshold is on the page with its fraction and a met / not-met tag
    const cards = staff.locator('[data-test=vote-threshold]')
    assert.equal(await cards.count(), final.tally.as_cast.thresholds.length)
    const part = final.tally.as_cast.thresholds.find((x) => x.code === 'participation_headcount')
    assert.equal(part.reached_num, part.reached_den, 'everybody took part')
    const text = await cards.first().innerText()
    assert.match(text, /≥ 2\/3/)
    assert.match(text, /达到/)
    // each card shows the exact fraction and a percentage that agrees with met / not met
    const bp = (p) => Math.round(Number(p) * 100)
    for (const [i, th] of final.tally.as_cast.thresholds.entries()) {
      const card = await cards.nth(i).innerText()
      assert.ok(card.includes(`${th.reached_num_text} / ${th.reached_den_text}`), card)
      assert.ok(card.includes(`${th.reached_percent}%`), card)
      assert.ok(card.includes(th.met ? '达到' : '未达到'), card)
      const looksMet = th.inclusive ? bp(th.reached_percent) >= bp(th.needed_percent) : bp(th.reached_percent) > bp(th.needed_percent)
      assert.equal(looksMet, th.met, `${th.code}: ${th.reached_fraction} shown ${th.reached_percent}% vs ${th.needed_percent}%`)
    }
    await staff.locator('[data-test=vote-outcome]', { hasText: final.outcome_zh }).waitFor()
    await shot(staff, 'votes-detail-published')
    assert.deepEqual(staff.errors, [])

    // the resident sees the published result too
    await res.reload()
    await res.locator('[data-test=vote-outcome]', { hasText: final.outcome_zh }).waitFor()
  })
})
