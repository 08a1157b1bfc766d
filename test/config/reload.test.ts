import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { reloadConfig } from '../../src/config/reload.js'
import { loadConfigFile } from '../../src/config/load.js'
import { buildApp } from '../../src/app.js'
import { captureLogs, nimble, nimbleBody } from '../helpers.js'

const denyRange = (cidr: string) =>
  `log: { level: info }\npolicies:\n  - rules: [{ rule: ip-range, options: { deny: ["${cidr}"] } }]\n    default: allow\n`

async function setup (t: Test, files: Record<string, string>) {
  const dir = t.testdir(files)
  const path = join(dir, 'config.yaml')
  const { config, baseDir } = await loadConfigFile(path, {})
  const logs = captureLogs()
  const app = await buildApp({ config, baseDir, logStream: logs.stream })
  t.teardown(() => app.close())
  return { app, path, config, logs, dir }
}

t.test('a valid new config replaces the policies without a restart', async t => {
  const { app, path, config } = await setup(t, { 'config.yaml': denyRange('198.51.100.0/24') })
  t.equal((await nimble(app, nimbleBody({ ip: '198.51.100.7' }))).status, 403)
  writeFileSync(path, denyRange('203.0.113.0/24'))
  const now = await reloadConfig(app, path, config)
  t.same(now.policies[0].rules[0]!.options, { deny: ['203.0.113.0/24'] }, 'the config in force is the new one')
  t.equal((await nimble(app, nimbleBody({ ip: '198.51.100.7' }))).status, 200)
  t.equal((await nimble(app, nimbleBody({ ip: '203.0.113.7' }))).status, 403)
  t.match((await app.inject('/metrics')).body, /streamgate_config_reloads_total\{result="applied"\} 1/)
})

t.test('an invalid new config is rejected with a log line and the old one keeps serving', async t => {
  const { app, path, config, logs } = await setup(t, { 'config.yaml': denyRange('198.51.100.0/24') })
  for (const broken of ['policies: [', 'policies: []\n', denyRange('not-a-cidr')]) {
    writeFileSync(path, broken)
    const now = await reloadConfig(app, path, config)
    t.equal(now, config, 'the running config is kept')
    t.equal((await nimble(app, nimbleBody({ ip: '198.51.100.7' }))).status, 403, 'old policies still decide')
  }
  const rejections = logs.lines.filter(l => l.msg === 'config reload rejected; the previous config keeps serving')
  t.equal(rejections.length, 3)
  t.match(rejections[2]!.error, /not-a-cidr/)
  t.match((await app.inject('/metrics')).body, /streamgate_config_reloads_total\{result="rejected"\} 3/)
})

t.test('a reload whose file has a syntax error logs where it is, never the file\'s text', async t => {
  const { app, path, config, logs } = await setup(t, { 'config.yaml': denyRange('198.51.100.0/24') })
  const secret = 'inline-signing-key-0123456789'
  writeFileSync(path, `policies:\n  - rules:\n      - rule: signed-token\n        options:\n          keys:\n            - id: k1\n              secret: "${secret}\n`)
  t.equal(await reloadConfig(app, path, config), config)
  const rejection = logs.lines.find(l => l.msg === 'config reload rejected; the previous config keeps serving')
  t.match(rejection?.error, /YAML syntax error at line 8, column 1 \(at \/policies\/0\/rules\/0\/options\/keys\/0\/secret\)/)
  t.notOk(logs.text().includes(secret.slice(0, 10)), 'the secret is not logged')
})

t.test('changes outside policies are reported as needing a restart', async t => {
  const { app, path, config, logs } = await setup(t, { 'config.yaml': denyRange('198.51.100.0/24') })
  writeFileSync(path, 'server: { port: 9999 }\n' + denyRange('198.51.100.0/24'))
  await reloadConfig(app, path, config)
  t.ok(logs.lines.some(l => typeof l.msg === 'string' && l.msg.includes('take effect after a restart')))
})

/** A custom rule whose evaluation waits for the test to release it, and whose close the test can make fail. */
const gatedRule = `export default {
  id: 'gated', optionsSchema: { type: 'object' },
  create: (options) => {
    const g = globalThis.gate
    return {
      evaluate: async () => {
        g.entered()
        await g.released
        return { outcome: options.outcome, reason: 'gated' }
      },
      end: async () => {
        g.entered()
        await g.released
      },
      close: async () => {
        g.closed.push(options.outcome)
        if (options.failClose) throw new Error('close failed')
      }
    }
  }
}\n`

interface Gate { entered: () => void, released: Promise<void>, closed: string[] }

/** A gate for gatedRule: resolves `entered` when a request is inside the rule, holds it until `release`. */
function installGate (t: Test): { entered: Promise<void>, release: () => void, closed: string[] } {
  let entered!: () => void
  let release!: () => void
  const gate: Gate = {
    entered: () => { entered() },
    released: new Promise<void>(resolve => { release = resolve }),
    closed: []
  }
  const enteredP = new Promise<void>(resolve => { entered = resolve })
  ;(globalThis as { gate?: Gate }).gate = gate
  t.teardown(() => { release(); delete (globalThis as { gate?: Gate }).gate })
  return { entered: enteredP, release, closed: gate.closed }
}

const gatedConfig = (outcome: string, failClose = false) =>
  `log: { level: info }\npolicies:\n  - rules: [{ use: ./gated.mjs, options: { outcome: ${outcome}, failClose: ${String(failClose)} } }]\n`

t.test('requests in flight during a reload finish on the policies they started with', async t => {
  const gate = installGate(t)
  const { app, path, config } = await setup(t, { 'gated.mjs': gatedRule, 'config.yaml': gatedConfig('deny') })
  const inFlight = nimble(app, nimbleBody())
  await gate.entered
  writeFileSync(path, gatedConfig('allow'))
  await reloadConfig(app, path, config)
  t.same(gate.closed, [], 'the old rules are not closed while a request uses them')
  gate.release()
  t.equal((await inFlight).status, 403, 'the in-flight request got the old decision')
  t.same(gate.closed, ['deny'], 'then the old rules are closed')
  t.equal((await nimble(app, nimbleBody())).status, 200, 'new requests get the new policies')
})

t.test('old rules that fail to close do not turn an applied reload into a rejected one', async t => {
  const gate = installGate(t)
  gate.release()
  const { app, path, config, logs } = await setup(t, { 'gated.mjs': gatedRule, 'config.yaml': gatedConfig('deny', true) })
  writeFileSync(path, gatedConfig('allow'))
  const now = await reloadConfig(app, path, config)
  t.not(now, config, 'the new config is in force')
  t.equal((await nimble(app, nimbleBody())).status, 200, 'the new policies serve')
  t.notOk(logs.lines.some(l => l.msg === 'config reload rejected; the previous config keeps serving'), 'no rejection is logged')
  t.ok(logs.lines.some(l => l.msg === 'retired policies failed to close'), 'the failed close is logged')
  t.match((await app.inject('/metrics')).body, /streamgate_config_reloads_total\{result="applied"\} 1/)
})

t.test('old rules that fail to close after their last request never reject unhandled', async t => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => { unhandled.push(reason) }
  process.on('unhandledRejection', onUnhandled)
  t.teardown(() => { process.off('unhandledRejection', onUnhandled) })
  const gate = installGate(t)
  const { app, path, config, logs } = await setup(t, { 'gated.mjs': gatedRule, 'config.yaml': gatedConfig('deny', true) })
  const inFlight = nimble(app, nimbleBody())
  await gate.entered
  writeFileSync(path, gatedConfig('allow'))
  await reloadConfig(app, path, config)
  gate.release()
  t.equal((await inFlight).status, 403)
  // the close runs after the answer: a second request proves the app kept serving, the log line that it ran
  t.equal((await nimble(app, nimbleBody())).status, 200)
  await new Promise(resolve => setImmediate(resolve))
  t.same(gate.closed, ['deny'])
  t.ok(logs.lines.some(l => l.msg === 'retired policies failed to close'))
  t.same(unhandled, [], 'no unhandled rejection')
})

t.test('policies built while the app closes are closed too, and the closed ones are not closed twice', async t => {
  const gate = installGate(t)
  const { app, path, config } = await setup(t, { 'gated.mjs': gatedRule, 'config.yaml': gatedConfig('deny') })
  writeFileSync(path, gatedConfig('allow'))
  // the reload reads and builds while the close runs: a SIGTERM during a SIGHUP's reload
  const reloading = reloadConfig(app, path, config)
  await app.close()
  await reloading
  t.same(gate.closed.sort(), ['allow', 'deny'], 'each set of rules closed once')
})

t.test('a session being ended during a reload is ended by the rules it started with, before they close', async t => {
  const gate = installGate(t)
  const { app, path, config } = await setup(t, { 'gated.mjs': gatedRule, 'config.yaml': gatedConfig('deny') })
  const ending = app.endSession({ action: 'play', protocol: 'RTMP', host: 'h', url: { href: 'rtmp://h/live/s', path: '/live/s', app: 'live', stream: 's', query: {} }, ip: '192.0.2.1', userAgent: '', referer: '', sessionId: 's1', raw: {} }, { log: app.log })
  await gate.entered
  writeFileSync(path, gatedConfig('allow'))
  await reloadConfig(app, path, config)
  t.same(gate.closed, [], 'the old rules are not closed while they end a session')
  gate.release()
  await ending
  t.same(gate.closed, ['deny'], 'then they are')
})
