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

t.test('requests in flight during a reload finish on the policies they started with', async t => {
  const dir = t.testdir({
    'slow.mjs': `export default {
  id: 'slow', optionsSchema: { type: 'object' },
  create: (options) => {
    globalThis.closed ??= []
    return {
      evaluate: () => new Promise(resolve => setTimeout(() => resolve({ outcome: options.outcome, reason: 'slow' }), 300)),
      close: () => { globalThis.closed.push(options.outcome) }
    }
  }
}\n`,
    'config.yaml': 'policies:\n  - rules: [{ use: ./slow.mjs, options: { outcome: deny } }]\n'
  })
  const path = join(dir, 'config.yaml')
  const { config, baseDir } = await loadConfigFile(path, {})
  const app = await buildApp({ config: { ...config, log: { level: 'silent' } }, baseDir })
  t.teardown(() => app.close())
  const inFlight = nimble(app, nimbleBody())
  await new Promise(resolve => setTimeout(resolve, 50))
  writeFileSync(path, 'log: { level: silent }\npolicies:\n  - rules: [{ use: ./slow.mjs, options: { outcome: allow } }]\n')
  await reloadConfig(app, path, config)
  const closed = (globalThis as { closed?: string[] }).closed!
  t.same(closed, [], 'the old rules are not closed while a request uses them')
  t.equal((await inFlight).status, 403, 'the in-flight request got the old decision')
  t.same(closed, ['deny'], 'then the old rules are closed')
  t.equal((await nimble(app, nimbleBody())).status, 200, 'new requests get the new policies')
})
