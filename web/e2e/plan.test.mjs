// Plan grids, move a building between proposed grids, accept the plan.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP, PHONE } from './helpers.mjs'

test('plan grids and accept the plan', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/grids`)
    await page.locator('[data-test=grid-table] .el-table__row').first().waitFor()
    await shot(page, 'grids-desktop')

    await page.goto(`${url}/grids/plan`)
    await page.locator('[data-test=propose]').click()
    await page.locator('[data-test=plan-summary]').waitFor()
    const before = Number(await page.locator('[data-test=imbalance]').innerText())
    assert.ok(before >= 1 && before < 3, `imbalance ${before}`)
    // move the first building of grid 1 to grid 2: loads and imbalance recompute
    await page.locator('[data-test=plan-grids] .b-tag').first().click()
    await page.locator('.el-dropdown-menu:visible .el-dropdown-menu__item:not(.is-disabled)').first().click()
    await page.waitForTimeout(200)
    const after = Number(await page.locator('[data-test=imbalance]').innerText())
    assert.notEqual(after, before)
    await shot(page, 'plan-desktop')

    await page.locator('[data-test=apply-plan]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.waitForURL(/\/grids$/)
    await page.locator('.el-message--success').waitFor()
    const grids = (await api(url, '/communities')).items[0]
    assert.ok(grids.grids_count > 0)

    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/grids`)
    await phone.locator('.mobile-card').first().waitFor()
    await shot(phone, 'grids-phone')
    await phone.goto(`${url}/grids/plan`)
    await phone.locator('[data-test=propose]').click()
    await phone.locator('[data-test=plan-summary]').waitFor()
    await shot(phone, 'plan-phone')
  })
})
