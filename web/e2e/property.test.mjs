// 物业管理 in the browser: staff set a new contract for the demo resident's compound with the
// 100/70/30 subsidy in the dialog → the compound's page shows the fee and subsidy years and every
// household's share with totals → the resident on his phone sees his own share and the subsidy and
// rates the company once (a second rating the same year is refused) → the low-rated compound of
// the demo shows the warning and 发起更换物业议事 (a deliberation, or the server's error).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, session, DESKTOP, PHONE } from './helpers.mjs'

/** The el-input / el-date-picker input marked data-test=`id`. */
const field = (page, id) => page.locator(`input[data-test=${id}], [data-test=${id}] input`).first()

/** YYYY-MM-DD in Beijing, `days` from today. */
function beijingDay(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10)
}
/** 2025-11-30 -> 2025年11月30日 (the date pickers' display format). */
const zh = (d) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const yuan = (fen) => `${Math.floor(fen / 100).toLocaleString('en')}.${String(fen % 100).padStart(2, '0')}`

test('property: staff set a contract with the subsidy, the resident sees his share and rates once', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const home = await api(url, '/me/household', 'resident')
    const compoundId = home.compound_id ?? home.compound.id
    const before = await api(url, `/property/compounds/${compoundId}`)

    // 1. staff: the list, then the compound's page and a new contract in the dialog
    const staff = await newPage(browser, DESKTOP, { user: 'staff' })
    await staff.goto(`${url}/property`)
    await staff.locator('[data-test=property-item]').first().waitFor()
    await shot(staff, 'property-list')
    await staff.goto(`${url}/property/${compoundId}`)
    await staff.locator('[data-test=contract-new]').click()
    const dialog = staff.locator('[data-test=contract-dialog]')
    await dialog.waitFor()
    // starts a year ago (after any demo contract of this compound): today is in contract year 2
    const starts = beijingDay(-366)
    const ends = beijingDay(-366 + 3 * 365)
    await field(staff, 'contract-company').fill('北京安居物业服务有限公司')
    await field(staff, 'contract-contact').fill('李经理 13900001111')
    await field(staff, 'contract-starts').fill(zh(starts))
    await field(staff, 'contract-starts').press('Enter')
    await field(staff, 'contract-ends').fill(zh(ends))
    await field(staff, 'contract-ends').press('Enter')
    await field(staff, 'contract-fee').fill('0.85')
    await staff.locator('[data-test=subsidy-preset]').click()
    assert.equal(await staff.locator('[data-test=subsidy-row]').count(), 3)
    await shot(staff, 'property-contract-dialog')
    await staff.locator('[data-test=contract-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const after = await api(url, `/property/compounds/${compoundId}`)
    assert.equal(after.contract.starts_on, starts, JSON.stringify(after.contracts.map((c) => [c.company_name, c.starts_on, c.ends_on])))
    assert.equal(after.contract.company_name, '北京安居物业服务有限公司')
    await staff.locator('[data-test=contract-company-name]', { hasText: '北京安居物业服务有限公司' }).waitFor()
    assert.equal(after.contract.fee_fen_per_m2_month, 85)
    assert.deepEqual(after.contract.subsidy.map((s) => s.government_percent), [100, 70, 30])
    assert.equal(after.contracts.length, before.contracts.length + 1)
    assert.equal(after.shares.year_index, 2)
    assert.equal(after.shares.government_percent, 70)
    // every household of the compound, and the totals add up
    assert.equal(after.shares.per_household.length, after.households)
    const sum = (k) => after.shares.per_household.reduce((a, l) => a + l[k], 0)
    assert.equal(after.shares.totals.yearly_fee_fen, sum('yearly_fee_fen'))
    assert.equal(after.shares.totals.subsidy_fen + after.shares.totals.owner_pays_fen, after.shares.totals.yearly_fee_fen)
    await staff.locator('[data-test=years-table]').waitFor()
    await staff.locator('[data-test=shares-table]').getByText(yuan(after.shares.totals.owner_pays_fen)).first().waitFor()
    await shot(staff, 'property-compound')
    assert.deepEqual(staff.errors, [])

    // 2. the resident, on his phone: his line only, the subsidy, and 给物业打分
    const mine = after.shares.per_household.find((l) => l.household_id === home.id)
    assert.ok(mine, 'the resident has a line')
    const res = await newPage(browser, PHONE, { user: 'resident' })
    await res.goto(`${url}/my-property`)
    await res.locator('[data-test=my-owner]').waitFor()
    assert.equal((await res.locator('[data-test=my-yearly]').innerText()).trim(), `${yuan(mine.yearly_fee_fen)} 元`)
    assert.equal((await res.locator('[data-test=my-subsidy]').innerText()).trim(), `${yuan(mine.subsidy_fen)} 元`)
    assert.equal((await res.locator('[data-test=my-owner]').innerText()).trim(), `${yuan(mine.owner_pays_fen)} 元`)
    const seen = await api(url, `/property/compounds/${compoundId}`, 'resident')
    assert.equal(seen.shares.per_household.length, 1)
    await res.locator('[data-test=rate-stars] .el-rate__item').nth(3).click()
    await res.locator('textarea[data-test=rate-comment], [data-test=rate-comment] textarea').first().fill('保洁及时，门口有人值守')
    await shot(res, 'property-resident-phone')
    await res.locator('[data-test=rate-submit]').click()
    await res.locator('[data-test=rated]').waitFor()
    await shot(res, 'property-resident-rated')
    const rated = await api(url, `/property/compounds/${compoundId}`, 'resident')
    assert.equal(rated.my_ratings[0].score, 4)
    // a second rating the same year: 409
    const s = await session(url, 'resident')
    const again = await fetch(`${url}/api/v1/property/compounds/${compoundId}/ratings`, {
      method: 'POST',
      headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ score: 5 }),
    })
    assert.equal(again.status, 409)
    assert.equal((await again.json()).error.details[0].reason, 'already_rated')
    const width = await res.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scrolling on the phone (${width}px)`)
    assert.deepEqual(res.errors, [])
  })
})

test('property: a low-rated compound shows the warning and 发起更换物业议事', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const community = (await api(url, '/communities?limit=1')).items[0]
    const list = await api(url, `/property?community_id=${community.id}`)
    const low = list.items.find((i) => i.low_rating)
    assert.ok(low, 'the demo has a low-rated compound')
    const head = await newPage(browser, DESKTOP, { user: 'head' })
    await head.goto(`${url}/property`)
    await head.locator('[data-test=property-low]').first().waitFor()
    await head.goto(`${url}/property/${low.compound_id}`)
    await head.locator('[data-test=low-rating]').waitFor()
    await head.locator('[data-test=rating-chart] canvas').waitFor()
    await shot(head, 'property-low-rating')
    await head.locator('[data-test=start-replace]').click()
    // the deliberation API opens the new deliberation; without it the server's error shows
    await Promise.race([
      head.waitForURL(/\/deliberations\/\d+$/, { timeout: 10_000 }),
      head.locator('.el-message--error').waitFor({ timeout: 10_000 }),
    ])
    if (/\/deliberations\/\d+$/.test(head.url())) {
      const id = Number(head.url().split('/').pop())
      const d = await api(url, `/deliberations/${id}`, 'head')
      assert.equal(d.title, `是否更换${low.compound_name}物业服务企业`)
      assert.deepEqual(d.compound_ids, [low.compound_id])
    }
    // in English: no Chinese UI text (data such as names and addresses stays Chinese)
    const en = await newPage(browser, DESKTOP, { user: 'head', locale: 'en' })
    await en.goto(`${url}/property/${low.compound_id}`)
    await en.locator('[data-test=low-rating]').waitFor()
    const texts = await en.locator('h3, th, .el-button, .el-alert__title, .el-descriptions__label').allInnerTexts()
    assert.deepEqual(texts.filter((s) => /[\u4e00-\u9fff]/.test(s)), [])
    await shot(en, 'property-compound-en')
    // the phone
    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/property/${low.compound_id}`)
    await phone.locator('[data-test=low-rating]').waitFor()
    await shot(phone, 'property-compound-phone')
    const width = await phone.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scrolling on the phone (${width}px)`)
  })
})
