// 搬到其他单元: a grid worker moves a family to a unit of another compound with the cascader in the
// household form; the household (and so its residents) is in the new unit afterwards.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, DESKTOP } from './helpers.mjs'

test('move a household to another unit', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const c = (await api(url, '/communities')).items[0]
    const h = (await api(url, `/households?community_id=${c.id}&limit=1`)).items[0]
    const compounds = (await api(url, `/compounds?community_id=${c.id}&limit=500`)).items
    const other = compounds.find((x) => x.id !== h.compound_id && x.households_count > 0)
    assert.ok(other, 'the demo has a second compound')

    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/households/${h.id}`)
    await page.locator('[data-test=household-edit]').click()
    const form = page.locator('[data-test=household-form]')
    await form.waitFor()
    assert.match(await form.locator('[data-test=household-unit]').innerText(), /单元/)
    await form.locator('[data-test=household-move]').click()
    await form.locator('.el-cascader').click()
    // 小区 → 楼 → 单元
    const col = (i) => page.locator('.el-cascader-panel .el-cascader-menu').nth(i)
    await col(0).locator('.el-cascader-node', { hasText: other.name }).first().click()
    await col(1).locator('.el-cascader-node').first().click()
    await col(2).locator('.el-cascader-node').first().click()
    await form.locator('.el-tag', { hasText: '保存后搬入' }).waitFor()
    assert.match(await form.locator('[data-test=household-unit]').innerText(), new RegExp(other.name))
    // the new unit has its own 101: the family gets a door number that is free there
    await form.locator('input[data-test=household-door]').fill('909')
    await shot(page, 'household-move-desktop')
    await page.locator('[data-test=household-save]').click()
    await page.locator('.el-message--success', { hasText: '已搬到新单元' }).waitFor()

    const after = await api(url, `/households/${h.id}`)
    assert.equal(after.compound_id, other.id)
    assert.notEqual(after.unit_id, h.unit_id)
    assert.equal(after.door, '909')
    await page.locator('[data-test=household-title]', { hasText: other.name }).waitFor()
    for (const r of after.residents) assert.equal(r.unit_id, after.unit_id)
    assert.deepEqual(page.errors, [])
  })
})
