// An invalid ID number (bad check digit) is shown under the ID field: by the client rule, and,
// when the client rule is bypassed, by the server's field error.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withServer, newPage, shot, api, makeId, breakCheckDigit, DESKTOP, PHONE } from './helpers.mjs'

test('edit a resident with a bad ID check digit', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const h = (await api(url, '/households?limit=1')).items[0]
    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/households/${h.id}`)
    await page.locator('[data-test=resident-table] [data-test=resident-edit]').first().click()
    const item = page.locator('[data-test=id-number-item]')
    const input = page.locator('input[data-test=id-number]')
    await input.waitFor()
    const good = makeId('19800101', '123')
    const bad = breakCheckDigit(good)

    // 1. the client rule
    await input.fill(bad)
    await input.blur()
    await item.locator('.el-form-item__error').waitFor()
    assert.match(await item.locator('.el-form-item__error').innerText(), /校验位/)
    await shot(page, 'resident-id-client')

    // 2. the server: type a valid number, rewrite it in flight to the bad one
    let sent = null
    let status = 0
    await page.route('**/api/v1/residents/*', async (route) => {
      const req = route.request()
      if (req.method() !== 'PATCH') return route.continue()
      const body = JSON.parse(req.postData() || '{}')
      body.id_number = bad
      sent = body
      const res = await route.fetch({ postData: JSON.stringify(body) })
      status = res.status()
      await route.fulfill({ response: res })
    })
    await input.fill(good)
    await input.blur()
    await item.locator('.el-form-item__error').waitFor({ state: 'detached', timeout: 5000 })
    // birth date and sex come from the ID number
    assert.equal(await page.locator('[data-test=resident-form] .el-date-editor input').inputValue(), '1980-01-01')
    await page.locator('[data-test=resident-save]').click()
    await item.locator('.el-form-item__error').waitFor()
    assert.ok(sent, 'the PATCH was sent')
    assert.equal(status, 400)
    assert.match(await item.locator('.el-form-item__error').innerText(), /校验位/)
    await shot(page, 'resident-id-server')

    // the same in English: the reason code is translated
    await page.unroute('**/api/v1/residents/*')
    await page.keyboard.press('Escape')

    const phone = await newPage(browser, PHONE, { user: 'staff' })
    await phone.goto(`${url}/households/${h.id}`)
    await phone.locator('[data-test=resident-cards] [data-test=resident-edit]').first().click()
    await phone.locator('input[data-test=id-number]').fill(bad)
    await phone.locator('input[data-test=id-number]').blur()
    await phone.locator('[data-test=id-number-item] .el-form-item__error').waitFor()
    await shot(phone, 'resident-form-phone')
  })
})
