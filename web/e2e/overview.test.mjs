// 首页: the landing page shows the community's totals, residents who need care by tag (counts from
// the API) and the grid load chart; a tag opens the residents list filtered by it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP, PHONE } from './helpers.mjs'

const digits = (s) => Number(s.replace(/[^\d]/g, ''))

test('overview is the landing page with totals, care counts and the grid chart', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const c = (await api(url, '/communities')).items[0]
    const alone = (await api(url, `/residents?community_id=${c.id}&tag=elderly_alone&limit=1`)).total
    const party = (await api(url, `/residents?community_id=${c.id}&tag=party_member&limit=1`)).total
    assert.ok(alone > 0, 'the demo has elderly residents living alone')

    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/`)
    await page.waitForURL(/\/overview$/)
    await page.locator('[data-test=overview-totals]').waitFor()
    assert.equal(digits(await page.locator('[data-test=total-households]').innerText()), c.households_count)
    assert.equal(digits(await page.locator('[data-test=total-residents]').innerText()), c.residents_count)
    assert.equal(digits(await page.locator('[data-test=total-grids]').innerText()), c.grids_count)
    const care = page.locator('[data-test=care-elderly_alone]')
    await care.locator('small').waitFor()
    assert.match(await care.innerText(), /独居老人/)
    assert.equal(digits(await care.innerText()), alone)
    await page.locator('[data-test=care-party_member] small').waitFor()
    assert.equal(digits(await page.locator('[data-test=care-party_member]').innerText()), party)
    // the grid chart and its one-sentence summary
    await page.locator('[data-test=overview-grids] canvas').waitFor()
    assert.match(await page.locator('[data-test=overview-grid-summary]').innerText(), new RegExp(`共 ${c.grids_count} 个网格`))
    await shot(page, 'overview-desktop')
    assert.deepEqual(page.errors, [])

    // a tag opens the residents list filtered by it
    await care.click()
    await page.waitForURL(/\/residents\?tag=elderly_alone$/)
    await page.locator('.el-table__row').first().waitFor()
    assert.match(await page.locator('.count').innerText(), new RegExp(alone.toLocaleString('en-US')))

    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/overview`)
    await phone.locator('[data-test=care-elderly_alone] small').waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    await shot(phone, 'overview-phone')

    const en = await newPage(browser, DESKTOP, { user: 'staff', locale: 'en' })
    await en.goto(`${url}/overview`)
    await en.locator('[data-test=care-elderly_alone] .tag-value').waitFor()
    assert.doesNotMatch(await en.locator('h2, .section-title, .total-label').allInnerTexts().then((a) => a.join(' ')), /概况|重点|小区|楼栋/)
    await shot(en, 'overview-en-desktop')
  })
})
