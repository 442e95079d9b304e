// Shared set-up of the browser tests: a real linli server on demo data, and headless chromium.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const webDir = resolve(here, '..')
export const repoDir = resolve(webDir, '..')
export const shotsDir = join(here, 'screenshots')
mkdirSync(shotsDir, { recursive: true })

export const DESKTOP = { width: 1366, height: 800 }
/** The password of every demo account `linli demo` creates (docs/api.md). */
export const DEMO_PASSWORD = 'Demo@2026'
/** The server of the running test (set by startServer; one server per test file). */
let currentUrl = null
export const PHONE = { width: 390, height: 844 }

/** The linli executable: $LINLI_BIN, else build/<any>/src/app/linli under the repo. */
export function findBinary() {
  if (process.env.LINLI_BIN) return process.env.LINLI_BIN
  const build = join(repoDir, 'build')
  if (!existsSync(build)) return null
  for (const d of readdirSync(build)) {
    const p = join(build, d, 'src', 'app', 'linli')
    if (existsSync(p)) return p
  }
  return null
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
    s.on('error', fail)
  })
}

/**
 * Starts `linli serve` on a fresh demo database. Returns { url, stop }.
 * Throws when the binary or web/dist is missing, so the test fails.
 */
export async function startServer() {
  const bin = findBinary()
  if (!bin) throw new Error('no linli binary: set LINLI_BIN or build src/app/linli')
  const dist = process.env.LINLI_WEB_ROOT || join(webDir, 'dist') // a private vite --outDir while web/dist is rebuilt
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} is missing: run npm run build in web/`)
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-'))
  const store = `sqlite:${join(dir, 't.db')}`
  const demo = spawnSync(bin, ['demo', '--store', store], { encoding: 'utf8', timeout: 120_000 })
  if (demo.status !== 0) throw new Error(`linli demo failed (${demo.status}): ${demo.stderr}`)
  const port = await freePort()
  const proc = spawn(bin, ['serve', '--store', store, '--web-root', dist, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  proc.stderr.on('data', (d) => (stderr += d))
  const url = `http://127.0.0.1:${port}`
  currentUrl = url
  sessions.clear()
  const deadline = Date.now() + 20_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`linli serve exited: ${stderr}`)
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`linli serve did not answer /healthz: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  return {
    url,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM')
        await new Promise((r) => {
          const t = setTimeout(() => (proc.kill('SIGKILL'), r()), 3000)
          proc.once('exit', () => (clearTimeout(t), r()))
        })
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * A page at the given viewport, Chinese unless told otherwise; console errors are collected.
 * `user`: a demo account (`head`, `staff`, `worker01`, `resident`, `auditor`, `admin` …) logged in
 * through the API before the page opens (its session cookie is in the page's context); without it
 * the page is anonymous and the console shows the login page.
 */
export async function newPage(browser, viewport = DESKTOP, { locale = 'zh-CN', user = null } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, isMobile: viewport.width < 768, hasTouch: viewport.width < 768 })
  if (locale === 'en') await context.addInitScript(() => localStorage.setItem('linli.locale', 'en'))
  if (user) {
    if (!currentUrl) throw new Error('newPage with a user needs a running server')
    const r = await context.request.post(`${currentUrl}/api/v1/auth/login`, { data: { username: user, password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`login as ${user}: ${r.status()} ${await r.text()}`)
  }
  const page = await context.newPage()
  page.errors = []
  page.failed = []
  page.on('pageerror', (e) => page.errors.push(String(e)))
  page.on('response', (r) => {
    if (r.status() >= 400) page.failed.push(`${r.status()} ${r.request().method()} ${r.url()}`)
  })
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.errors.push(m.text())
  })
  return page
}

export async function shot(page, name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: false })
}

/** Logs in through the login form (the page is on /login or was sent there). */
export async function loginForm(page, user, password = DEMO_PASSWORD) {
  await page.locator('input[data-test=login-username]').waitFor()
  await page.locator('input[data-test=login-username]').fill(user)
  await page.locator('input[data-test=login-password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
}

// sessions of the test process, one per demo account: { cookie, csrf, me }
const sessions = new Map()

/** Logs a demo account in from the test process (cached per server). */
export async function session(url, user = 'staff') {
  const key = `${url} ${user}`
  if (sessions.has(key)) return sessions.get(key)
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
  })
  if (!r.ok) throw new Error(`login as ${user}: ${r.status} ${await r.text()}`)
  const me = await r.json()
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => c.startsWith('linli_session='))
    .join('; ')
  const s = { cookie, csrf: me.csrf_token, me }
  sessions.set(key, s)
  return s
}

/** GET a JSON API from the test process, as a demo account (default `staff`). */
export async function api(url, path, user = 'staff') {
  const s = await session(url, user)
  const r = await fetch(`${url}/api/v1${path}`, { headers: { Cookie: s.cookie } })
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
  return r.json()
}

/** POST JSON from the test process, as a demo account, with the CSRF header. */
export async function apiPost(url, path, body, user = 'staff') {
  const s = await session(url, user)
  const r = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
  if (!r.ok) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`)
  return r.status === 204 ? null : r.json()
}

/** A valid 18-digit ID number for a birth date (YYYYMMDD) and a 3-digit sequence. */
export function makeId(birth, seq = '123', area = '110112') {
  const first = `${area}${birth}${seq}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first[i]) * w[i]
  return first + '10X98765432'[s % 11]
}
/** The same number with a wrong check digit. */
export function breakCheckDigit(id) {
  const last = id[17] === '0' ? '1' : '0'
  return id.slice(0, 17) + last
}

/** Runs `fn(ctx)` with a real server on demo data and a headless browser; fails when either cannot start. */
export async function withServer(t, fn) {
  // No binary, no web/dist or a server that does not start is a failure, never a skip.
  const server = await startServer()
  let browser
  try {
    browser = await launch()
    await fn({ url: server.url, browser })
  } finally {
    await browser?.close()
    await server.stop()
  }
}
