// The README's screenshots: a real server on the demo community, headless Chromium, the main pages
// at a laptop and a phone size, written to docs/screenshots/. Run after `make build`:
//   node scripts/screenshots.mjs
import { join } from 'node:path'
import { startServer, launch, newPage, api, repoDir, DESKTOP, PHONE } from '../web/e2e/helpers.mjs'

const out = join(repoDir, 'docs', 'screenshots')
const server = await startServer()
const browser = await launch()
try {
  const h = (await api(server.url, '/households?q=' + encodeURIComponent('1号楼') + '&limit=1', 'head')).items[0]
  const d = (await api(server.url, '/demands?status=replied,callback_done&limit=1', 'head')).items[0]
  const v = (await api(server.url, '/votes?limit=1', 'head')).items[0]
  const community = (await api(server.url, '/communities?limit=1', 'head')).items[0]
  const pages = [
    ['overview', '/', 'head', DESKTOP],
    ['registry', '/registry', 'head', DESKTOP],
    ['household', `/households/${h.id}`, 'head', DESKTOP],
    ['grids', '/grids', 'head', DESKTOP],
    ['grid-plan', '/grids/plan', 'staff', DESKTOP],
    ['household-phone', `/households/${h.id}`, 'head', PHONE],
    ['demands', '/demands', 'head', DESKTOP],
    ['demand', `/demands/${d.id}`, 'head', DESKTOP],
    ['demand-rates', '/demands/rates', 'head', DESKTOP],
    ['demand-hotspots', '/demands/hotspots', 'head', DESKTOP],
    ['report-phone', '/report', 'resident', PHONE],
    ['vote', `/votes/${v.id}`, 'head', DESKTOP],
    ['board-phone', `/board/${community.code ?? community.community?.code}`, null, PHONE],
  ]
  for (const [name, path, user, viewport] of pages) {
    const page = await newPage(browser, viewport, { user })
    await page.goto(server.url + path)
    await page.waitForLoadState('networkidle')
    if (name === 'grid-plan') {
      await page.locator('[data-test=propose]').click()
      await page.locator('[data-test=plan-summary]').waitFor()
    }
    await page.waitForTimeout(600) // charts animate in
    await page.screenshot({ path: join(out, `${name}.png`) })
    await page.close()
    console.log(`docs/screenshots/${name}.png`)
  }
} finally {
  await browser.close()
  await server.stop()
}
