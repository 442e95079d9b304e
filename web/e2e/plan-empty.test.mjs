// A hand-edited grid plan may not leave a grid without buildings: the page warns and blocks
// "采用此方案" until the empty grid is filled or dropped (codes and names renumbered).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP } from './helpers.mjs'

test('a plan with an empty grid cannot be applied until the grid is dropped', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const c = (await api(url, '/communities')).items[0]
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/grids/plan`)
    await page.locator('[data-test=propose]').click()
    await page.locator('[data-test=plan-summary]').waitFor()
    const cards = page.locator('[data-test=plan-grids] .grid-card')
    const before = await cards.count()
    assert.ok(before >= 3)
    const apply = page.locator('[data-test=apply-plan]')
    assert.equal(await apply.isDisabled(), false)

    // empty the first grid: move each of its buildings to the next grid
    const first = cards.first()
    for (let n = await first.locator('.b-tag').count(); n > 0; n--) {
      await first.locator('.b-tag').first().click()
      await page.locator('.el-dropdown-menu:visible .el-dropdown-menu__item:not(.is-disabled)').first().click()
      await page.waitForTimeout(150)
    }
    assert.equal(await first.locator('.b-tag').count(), 0)
    const warning = page.locator('[data-test=plan-empty-warning]')
    await warning.waitFor()
    assert.match(await warning.innerText(), /没有楼栋/)
    assert.equal(await apply.isDisabled(), true)
    await shot(page, 'plan-empty-desktop')

    // drop it: one grid fewer, codes and names numbered from 001 / 第1网格 again
    await page.locator('[data-test=plan-drop-empty]').click()
    await warning.waitFor({ state: 'detached' })
    assert.equal(await cards.count(), before - 1)
    assert.match(await cards.first().locator('.grid-head').innerText(), new RegExp(`第1网格\\s+${c.code}001`))
    assert.match(await cards.last().locator('.grid-head').innerText(), new RegExp(`${c.code}${String(before - 1).padStart(3, '0')}`))
    assert.equal(await apply.isDisabled(), false)

    await apply.click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.waitForURL(/\/grids$/)
    const grids = (await api(url, `/grids?community_id=${c.id}&limit=500`)).items
    assert.equal(grids.length, before - 1)
    assert.ok(grids.every((g) => g.buildings_count > 0))
    assert.deepEqual(page.errors, [])
  })
})
