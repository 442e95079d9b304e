// Browse the registry tree down to a household and open it; desktop and phone screenshots.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP, PHONE } from './helpers.mjs'

test('browse the tree to a household and open it', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/registry`)
    const tree = page.locator('[data-test=registry-tree]')
    const row = (level) => tree.locator('.el-tree-node__content', { has: page.locator(`[data-level=${level}]`) }).first()
    await row('community').waitFor()
    // counts are shown on every level, e.g. "水月院 (12栋 · 356户)"
    assert.match(await row('community').innerText(), /个小区 · [\d,]+户/)
    for (const [level, next] of [
      ['community', 'compound'],
      ['compound', 'building'],
      ['building', 'unit'],
      ['unit', 'household'],
    ]) {
      await row(level).locator('.el-tree-node__expand-icon').click()
      await row(next).waitFor()
    }
    assert.match(await row('compound').innerText(), /栋 · [\d,]+户/)
    // clicking a unit lists its households on the right
    await row('unit').locator('.tree-label').click()
    await page.locator('[data-test=household-table] .el-table__row').first().waitFor()
    await shot(page, 'registry-desktop')
    await row('household').click()
    await page.waitForURL(/\/households\/\d+$/)
    await page.locator('[data-test=resident-table] .el-table__row').first().waitFor()
    const title = await page.locator('[data-test=household-title]').innerText()
    assert.match(title, /\d/)
    await shot(page, 'household-desktop')
    assert.deepEqual(page.errors, [])
    assert.deepEqual(page.failed, [])

    // search by address fragment
    await page.goto(`${url}/registry`)
    const first = (await api(url, '/households?limit=1')).items[0]
    await page.locator('input[data-test=household-search]').fill(first.address.slice(0, 6))
    await page.keyboard.press('Enter')
    await page.locator('[data-test=household-table] .el-table__row').first().waitFor()

    // phone: the tree becomes a cascader, the table becomes cards
    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/registry`)
    await phone.locator('[data-test=household-cards] .mobile-card').first().waitFor()
    assert.equal(await phone.locator('[data-test=registry-tree]').count(), 0)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    await shot(phone, 'registry-phone')
    await phone.goto(`${url}/households/${first.id}`)
    await phone.locator('[data-test=resident-cards] .mobile-card').first().waitFor()
    await shot(phone, 'household-phone')
    await phone.locator('.menu-btn').click()
    await phone.locator('.el-drawer .el-menu-item').first().waitFor()
    await shot(phone, 'menu-phone')
  })
})
