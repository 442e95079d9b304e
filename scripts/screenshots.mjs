// The README's screenshots: a real server on the demo community, headless Chromium, the main pages
// at a laptop and a phone size, written to docs/screenshots/. Run after `make build`:
//   node scripts/screenshots.mjs
// LINLI_WEB_ROOT=DIR serves the console built in DIR instead of web/dist (e.g. a private
// `npx vite build --outDir DIR` while web/dist is being rebuilt); LINLI_BIN picks the binary.
// SHOTS=name,name takes only those pictures.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, launch, newPage, api, findBinary, repoDir, DEMO_PASSWORD, DESKTOP, PHONE } from '../web/e2e/helpers.mjs'

const out = join(repoDir, 'docs', 'screenshots')

// `linli serve` on a fresh demo store with the console of LINLI_WEB_ROOT (helpers' startServer
// always serves web/dist).
async function startServerAt(webRoot) {
  const bin = findBinary()
  if (!bin) throw new Error('no linli binary: set LINLI_BIN or build src/app/linli')
  const dir = mkdtempSync(join(tmpdir(), 'linli-shots-'))
  const store = `sqlite:${join(dir, 't.db')}`
  const demo = spawnSync(bin, ['demo', '--store', store], { encoding: 'utf8', timeout: 300_000 })
  if (demo.status !== 0) throw new Error(`linli demo failed (${demo.status}): ${demo.stderr}`)
  const port = await new Promise((ok, fail) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
    s.on('error', fail)
  })
  const proc = spawn(bin, ['serve', '--store', store, '--web-root', webRoot, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'ignore'],
  })
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 20_000; ; ) {
    if (proc.exitCode !== null) throw new Error('linli serve exited')
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('linli serve did not answer /healthz')
    await new Promise((r) => setTimeout(r, 150))
  }
  return {
    url,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const server = process.env.LINLI_WEB_ROOT ? await startServerAt(process.env.LINLI_WEB_ROOT) : await startServer()
const browser = await launch()
// A page logged in as a demo account (or anonymous).
async function openPage(viewport, user) {
  const page = await newPage(browser, viewport)
  if (user) {
    const r = await page.context().request.post(`${server.url}/api/v1/auth/login`, {
      data: { username: user, password: DEMO_PASSWORD },
    })
    if (!r.ok()) throw new Error(`login as ${user}: ${r.status()}`)
  }
  return page
}
try {
  const h = (await api(server.url, '/households?q=' + encodeURIComponent('1号楼') + '&limit=1', 'head')).items[0]
  const d = (await api(server.url, '/demands?status=replied,callback_done&limit=1', 'head')).items[0]
  const v = (await api(server.url, '/votes?limit=1', 'head')).items[0]
  const community = (await api(server.url, '/communities?limit=1', 'head')).items[0]
  // The demo's closed deliberation: the bin station after 撤桶并站, through all six steps.
  const delib = (await api(server.url, '/deliberations?q=' + encodeURIComponent('新桶站选址'), 'head')).items[0]
  // A compound whose contract has a government subsidy (the compounds of the property vote).
  const compounds = (await api(server.url, '/property', 'head')).items
  const compound = compounds.find((c) => c.contract?.subsidy?.length && c.contract.status === 'active') ??
    compounds.find((c) => c.contract)
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
    ['deliberation', `/deliberations/${delib.id}`, 'head', DESKTOP],
    ['halls', '/halls', 'head', DESKTOP],
    ['property', `/property/${compound.compound_id}`, 'head', DESKTOP],
    ['my-property-phone', '/my-property', 'resident', PHONE],
  ]
  const only = process.env.SHOTS ? process.env.SHOTS.split(',') : null
  for (const [name, path, user, viewport] of pages) {
    if (only && !only.includes(name)) continue
    const page = await openPage(viewport, user)
    await page.goto(server.url + path)
    await page.waitForLoadState('networkidle')
    if (name === 'grid-plan') {
      await page.locator('[data-test=propose]').click()
      await page.locator('[data-test=plan-summary]').waitFor()
    }
    if (name === 'deliberation') {
      // the six-step bar, and step 4 of the closed deliberation: its four-party meetings
      await page.locator('[data-test=delib-step-decide]').click()
      await page.waitForLoadState('networkidle')
    }
    await page.waitForTimeout(600) // charts animate in
    // and tags zoom in (Element Plus transitions): wait for every running CSS animation/transition
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))))
    await page.screenshot({ path: join(out, `${name}.png`) })
    if (page.errors.length || page.failed.length) console.warn(name, page.errors, page.failed)
    await page.close()
    console.log(`docs/screenshots/${name}.png`)
  }
} finally {
  await browser.close()
  await server.stop()
}
