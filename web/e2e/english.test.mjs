// Switch to English: menus, headers and pages are in English, with no Chinese UI text left over
// (data such as names and addresses stays Chinese).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, makeId, breakCheckDigit, DESKTOP, PHONE } from './helpers.mjs'

const HAN = /[\u4e00-\u9fff]/

test('switch to English', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/registry`)
    await page.locator('.side-menu').waitFor()
    assert.match(await page.locator('.side-menu').innerText(), /居民档案/)
    await page.locator('[data-test=lang-switch]').getByText('EN').click()
    await page.waitForTimeout(200)
    const menu = await page.locator('.side-menu').innerText()
    assert.match(menu, /Registry/)
    assert.doesNotMatch(menu, HAN)
    // UI chrome has no Chinese: headings, table headers, buttons, pagination
    const chrome = await page.locator('h2, th, .el-button, .el-pagination').allInnerTexts()
    assert.deepEqual(chrome.filter((s) => HAN.test(s)), [])
    await shot(page, 'registry-en-desktop')

    const h = (await api(url, '/households?limit=1')).items[0]
    for (const [path, name] of [
      [`/households/${h.id}`, 'household-en-desktop'],
      ['/residents', 'residents-en-desktop'],
      ['/grids', 'grids-en-desktop'],
      ['/grids/plan', 'plan-en-desktop'],
      ['/import', 'import-en-desktop'],
    ]) {
      await page.goto(url + path)
      await page.waitForLoadState('networkidle')
      // headings except the household's address (data), table headers, buttons, labels
      const texts = await page.locator('h2:not([data-test=household-title]), h3, th, .el-button, .el-step__title, label, .el-form-item__label').allInnerTexts()
      assert.deepEqual(texts.filter((s) => HAN.test(s) && !/中文/.test(s)), [], `Chinese UI text on ${path}`)
      // no raw i18n keys on the page
      assert.doesNotMatch(await page.locator('body').innerText(), /\b(common|registry|household|resident|grid|plan|import|tree|node)\.[a-z]+[A-Za-z.]*\b/)
      await shot(page, name)
    }
    // field errors are translated from their reason code
    await page.goto(`${url}/households/${h.id}`)
    await page.locator('[data-test=resident-table] [data-test=resident-edit]').first().click()
    const id = page.locator('input[data-test=id-number]')
    await id.fill(breakCheckDigit(makeId('19800101', '123')))
    await id.blur()
    const err = page.locator('[data-test=id-number-item] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /check digit/)
    await shot(page, 'resident-form-en-desktop')

    const phone = await newPage(browser, PHONE, { locale: 'en', user: 'staff' })
    await phone.goto(`${url}/registry`)
    await phone.locator('.mobile-card').first().waitFor()
    await shot(phone, 'registry-en-phone')
  })
})
