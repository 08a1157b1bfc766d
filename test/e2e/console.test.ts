import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { buildTestApp, freePort, keyPolicy, nimbleBody, type NimbleBody } from '../helpers.js'

const TOKEN = 'e2e-console-admin-token-0123456789'
// UPDATE_SCREENSHOTS=1 refreshes the README's pictures; otherwise they go to a temporary folder
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(packageRoot, 'docs', 'console') : await mkdtemp(join(tmpdir(), 'sg-console-shots-'))

const { app } = await buildTestApp(t, {
  server: { port: 0 },
  log: { level: 'info' },
  admin: { enabled: true, token: TOKEN },
  console: { enabled: true },
  adapters: { nimble: { enabled: true }, nginxRtmp: { enabled: true } },
  policies: [keyPolicy(), {
    name: 'viewers',
    match: { app: 'live' },
    default: 'allow',
    rules: [
      { rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } },
      { rule: 'protocol', options: { allow: ['HLS', 'DASH'], onAllowed: 'abstain' } },
      { rule: 'concurrent-sessions', options: { limit: 2, viewer: { from: 'query', name: 'viewer' }, onUnidentified: 'abstain' } }
    ]
  }]
})
const port = await freePort()
await app.listen({ port, host: '127.0.0.1' })
const base = `http://127.0.0.1:${port}`

const nimble = async (body: NimbleBody): Promise<number> =>
  (await fetch(`${base}/nimble/auth`, { method: 'POST', body: JSON.stringify(body) })).status
let connections = 0
/** nginx-rtmp's on_publish hook, as nginx sends it: each publisher on a connection of its own. */
const onPublish = async (name: string): Promise<number> => (await fetch(`${base}/nginx-rtmp`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ app: 'live', flashver: 'FMLE/3.0', tcurl: 'rtmp://127.0.0.1/live', addr: '198.51.100.30', clientid: String(++connections), call: 'publish', name, type: 'live' }),
  redirect: 'manual'
})).status

const userDataDir = await mkdtemp(join(tmpdir(), 'sg-chromium-'))
const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 800 }
})
t.teardown(async () => {
  await context.close()
  await rm(userDataDir, { recursive: true, force: true })
})
const page: Page = context.pages()[0] ?? await context.newPage()
page.setDefaultTimeout(10_000)
const shoot = async (name: string): Promise<void> => { await page.screenshot({ path: join(shots, `${name}.png`) }) }
const view = async (title: string): Promise<void> => { await page.getByRole('link', { name: title }).click() }

t.test('a sign-in submitted before its script runs carries the token nowhere: no URL, no form field', async t => {
  const early = await context.newPage()
  t.teardown(async () => { await early.close() })
  // the sign-in script is slow or blocked; the operator types the token and presses Enter anyway
  await early.route('**/assets/sign-in-*.js', async route => { await route.abort() })
  await early.goto(`${base}/console/sign-in.html`)
  await early.fill('#credential', TOKEN)
  const submitted = early.waitForEvent('request', request => request.isNavigationRequest())
  await early.press('#credential', 'Enter')
  const native = await submitted
  t.equal(native.method(), 'POST', 'a native submit is a POST: nothing of the form goes into the URL, history or a proxy\'s log')
  t.notMatch(native.url(), TOKEN)
  t.notMatch(native.postData() ?? '', TOKEN, 'the input has no name, so the form sends nothing of it')
})

t.test('sign in', async t => {
  await page.goto(`${base}/console/`)
  t.match(page.url(), /\/console\/sign-in\.html$/, 'without a session the console sends you to sign in')
  await page.fill('#credential', 'not-the-token-0123456789')
  await page.click('button[type=submit]')
  await page.getByRole('alert').getByText('not accepted').waitFor()
  await page.fill('#credential', TOKEN)
  await shoot('sign-in')
  await page.click('button[type=submit]')
  await page.getByRole('link', { name: 'Live decisions' }).waitFor()
  t.match(page.url(), /\/console\/$/)
  t.equal(await page.evaluate<string>('document.cookie'), '', 'the session cookie is out of the page\'s reach')
})

t.test('a refused request appears in the live feed within a second', async t => {
  await page.locator('.status[data-state=live]').waitFor()
  await nimble(nimbleBody({ ip: '198.51.100.7' }))
  const sent = Date.now()
  t.equal(await nimble(nimbleBody({ ip: '203.0.113.77' })), 403)
  await page.locator('tr[data-outcome=deny][data-ip="203.0.113.77"]').waitFor({ timeout: 1000 })
  t.ok(Date.now() - sent < 1000, `shown ${Date.now() - sent} ms after the refusal`)
  t.equal(await page.locator('tr[data-ip="203.0.113.77"] td').nth(6).textContent(), 'ip-denied')

  await page.selectOption('select[name=outcome]', 'deny')
  await page.locator('tr[data-outcome=allow]').first().waitFor({ state: 'detached' })
  t.equal(await page.locator('tr[data-outcome=allow]').count(), 0, 'the outcome filter leaves only refusals')
  await nimble(nimbleBody({ ip: '203.0.113.78', url: '/live/sports/playlist.m3u8' }))
  await page.locator('tr[data-ip="203.0.113.78"]').waitFor({ timeout: 1000 })
  await page.selectOption('select[name=outcome]', '')
  for (const ip of ['198.51.100.8', '198.51.100.9', '203.0.113.79']) await nimble(nimbleBody({ ip }))
  await page.locator('tr[data-ip="203.0.113.79"]').waitFor()
  await shoot('live')
})

t.test('counts by outcome and reason', async t => {
  await view('Counts')
  await page.locator('svg.chart rect.bar.deny').first().waitFor()
  await page.locator('.reasons tr[data-reason=ip-denied]').waitFor()
  t.ok(Number(await page.locator('.legend .swatch.deny').getAttribute('data-total')) >= 3)
  await shoot('counts')
})

t.test('explain shows every rule\'s answer', async t => {
  await view('Explain')
  await page.fill('input[name=url]', 'http://media.example.com/live/stream/playlist.m3u8?viewer=acct-7')
  await page.fill('input[name=ip]', '198.51.100.7')
  await page.getByRole('button', { name: 'Explain' }).click()
  await page.locator('.decision[data-outcome=allow]').waitFor()
  const answers = await Promise.all((await page.locator('table.trace tbody tr').all()).map(async r => `${await r.getAttribute('data-rule') ?? ''}:${await r.getAttribute('data-outcome') ?? ''}`))
  t.same(answers, ['ip-range:abstain', 'protocol:abstain', 'concurrent-sessions:abstain'], 'each rule, in order, with its answer')
  await shoot('explain')

  await page.fill('input[name=ip]', '203.0.113.5')
  await page.getByRole('button', { name: 'Explain' }).click()
  await page.locator('.decision[data-outcome=deny]').waitFor()
  t.same(await Promise.all((await page.locator('table.trace tbody tr').all()).map(async r => await r.getAttribute('data-outcome'))), ['deny'], 'the chain stops at the refusal')
  t.equal(await page.locator('.decision dd').nth(2).textContent(), 'ip-denied')
})

t.test('a stream key is created, rotated and revoked; the old key is then refused', async t => {
  await view('Stream keys')
  await page.fill('input[name=name]', 'studio')
  await page.getByRole('button', { name: 'Create key' }).click()
  const first = await page.locator('[data-key]').textContent() ?? ''
  t.ok(first.length >= 20, 'the new key is shown')
  t.equal(await onPublish(first), 302, 'it publishes (renamed to studio)')

  await page.locator('tr[data-stream=studio]').getByRole('button', { name: 'Rotate' }).click()
  await page.locator('[data-key]').filter({ hasNotText: first }).waitFor()
  const second = await page.locator('[data-key]').textContent() ?? ''
  t.not(second, first)
  t.equal(await onPublish(first), 403, 'the old key is refused after rotation')
  t.equal(await onPublish(second), 302)
  await page.locator('tr[data-stream=studio] .badge.live').waitFor()
  await shoot('keys')

  await page.getByRole('button', { name: 'Done' }).click()
  t.equal(await page.locator('[data-key]').count(), 0, 'once dismissed, the key is gone from the page')
  await page.locator('tr[data-stream=studio]').getByRole('button', { name: 'Revoke' }).click()
  await page.locator('tr[data-stream=studio]').getByText('revoked').waitFor()
  t.equal(await onPublish(second), 403, 'the revoked key is refused')
  t.equal(await onPublish(first), 403, 'and so is the one before it')
  t.notMatch(await page.content(), second, 'no key is shown after its creation')
})

t.test('a viewer\'s session is kicked', async t => {
  const viewing = nimbleBody({ url: '/live/stream/playlist.m3u8?viewer=acct-42', session_id: '5001' })
  t.equal(await nimble(viewing), 200)
  t.equal(await nimble({ ...viewing, session_id: '5002' }), 200)
  await view('Viewers')
  await page.fill('input[name=viewer]', 'acct-42')
  await page.getByRole('button', { name: 'Look up' }).click()
  await page.locator('tr[data-session="5001"]').waitFor()
  await page.fill('input[name=seconds]', '5400')
  await page.getByRole('button', { name: 'Top up' }).click()
  await page.locator('[data-balance="5400"]').waitFor()
  await page.fill('input[name=target]', 'live/final')
  await page.getByRole('button', { name: 'Grant' }).click()
  await page.locator('[data-entitlement="live/final"]').waitFor()
  await shoot('viewers')

  await page.locator('tr[data-session="5001"]').getByRole('button', { name: 'Kick' }).click()
  await page.locator('tr[data-session="5001"]').waitFor({ state: 'detached' })
  t.equal(await page.locator('tr[data-session="5002"]').count(), 1, 'the other session stays')
  t.equal(await nimble(viewing), 403, 'the kicked session cannot come back')
  t.equal(await nimble({ ...viewing, session_id: '5002' }), 200)
})
