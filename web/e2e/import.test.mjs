// The import wizard on a generated CSV with two bad rows: both are reported with their row numbers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withServer, newPage, shot, makeId, breakCheckDigit, DESKTOP, PHONE } from './helpers.mjs'

function csv() {
  const header = '小区,楼号,单元,门牌号,建筑面积,姓名,身份证号,性别,联系电话,与户主关系'
  const rows = [
    ['测试苑', '1号楼', '1单元', '101', '88.5', '王建国', makeId('19560312', '131'), '男', '13800138001', '户主'],
    ['测试苑', '1号楼', '1单元', '101', '88.5', '李秀英', makeId('19580720', '242'), '女', '13800138002', '配偶'],
    ['测试苑', '1号楼', '1单元', '102', '76', '张伟', breakCheckDigit(makeId('19900101', '151')), '男', '13800138003', '户主'], // row 4: bad check digit
    ['测试苑', '1号楼', '2单元', '201', '92', '赵敏', makeId('19851105', '262'), '女', '13800138004', '户主'],
    ['测试苑', '2号楼', '1单元', '301', '-5', '孙丽', makeId('19770607', '282'), '女', '13800138005', '户主'], // row 6: area
    ['测试苑', '2号楼', '1单元', '302', '64', '周强', makeId('19690914', '171'), '男', '13800138006', '户主'],
  ]
  return [header, ...rows.map((r) => r.join(','))].join('\n') + '\n'
}

test('import wizard reports bad rows and imports the rest', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-csv-'))
    const file = join(dir, '测试苑.csv')
    writeFileSync(file, csv())
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/import`)
    await shot(page, 'import-upload-desktop')
    await page.locator('[data-test=import-upload] input[type=file]').setInputFiles(file)
    await page.locator('[data-test=import-mapping]').waitFor()
    await shot(page, 'import-mapping-desktop')
    await page.locator('[data-test=import-check]').click()
    await page.locator('[data-test=import-check-result]').waitFor()
    assert.match(await page.locator('[data-test=invalid-rows]').innerText(), /2/)
    assert.match(await page.locator('[data-test=valid-rows]').innerText(), /4/)
    const cells = await page.locator('[data-test=import-errors] .el-table__row td:first-child').allInnerTexts()
    const rows = [...new Set(cells.map((c) => c.trim()))]
    assert.deepEqual(rows.sort(), ['4', '6'])
    const text = await page.locator('[data-test=import-errors]').innerText()
    assert.match(text, /校验位/)
    await shot(page, 'import-check-desktop')
    // commit is blocked until "skip" is ticked
    assert.ok(await page.locator('[data-test=import-commit]').isDisabled())
    await page.locator('[data-test=skip-invalid]').click()
    await page.locator('[data-test=import-commit]').click()
    await page.locator('[data-test=import-result]').waitFor()
    assert.equal((await page.locator('[data-stat=residents_created]').innerText()).trim(), '4')
    assert.equal((await page.locator('[data-stat=compounds_created]').innerText()).trim(), '1')
    await shot(page, 'import-result-desktop')

    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/import`)
    await phone.locator('[data-test=import-upload] input[type=file]').setInputFiles(file)
    await phone.locator('[data-test=import-mapping]').waitFor()
    await shot(phone, 'import-mapping-phone')
  })
})
