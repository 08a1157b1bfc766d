import { join } from 'node:path'
import t from 'tap'
import { loadConfigFile, resolveConfig } from '../../src/config/load.js'
import { defaultConfigPath } from '../../src/paths.js'

const minimal = { policies: [{ rules: [] }] }

t.test('defaults are filled in', async t => {
  const config = resolveConfig(minimal, {})
  t.same(config.server, { host: '127.0.0.1', port: 8080, bodyLimit: 1048576, maxHeaderSize: 65536, connectionTimeout: 10000, requestTimeout: 30000, keepAliveTimeout: 72000, drainTimeout: 2000 })
  t.same(config.adapters.nimble, {
    enabled: true,
    path: '/nimble/auth',
    redirectHttpStatus: 302,
    reasonHeader: false,
    paywall: { enabled: false, path: '/nimble/paywall', meterTime: true }
  })
  t.same(config.store, { type: 'memory', keyPrefix: 'streamgate:', commandTimeout: 5000, connectTimeout: 10000, autoPipelining: false, maxEntries: 1000000 })
  t.same(config.admin, { enabled: false, prefix: '/admin' })
  t.same(config.policies[0], { match: { app: '*', stream: '*' }, rules: [], default: 'deny', onError: 'deny' })
})

t.test('the result is deeply frozen', async t => {
  const config = resolveConfig({ policies: [{ rules: [{ rule: 'ip-range', options: { deny: ['10.0.0.0/8'] } }] }] }, {})
  t.ok(Object.isFrozen(config))
  t.ok(Object.isFrozen(config.policies[0].rules[0]!.options))
  t.throws(() => { (config.server as { port: number }).port = 1 }, TypeError)
})

t.test('${VAR} and ${VAR:-default} placeholders, coerced to the declared types', async t => {
  const config = resolveConfig({
    server: { port: '${PORT}', host: '${HOST:-0.0.0.0}' },
    adapters: { nimble: { reasonHeader: '${REASONS}', path: '/${PREFIX}/auth' } },
    policies: [{ rules: [] }]
  }, { PORT: '9000', REASONS: 'true', PREFIX: 'nim' })
  t.equal(config.server.port, 9000)
  t.equal(config.server.host, '0.0.0.0')
  t.equal(config.adapters.nimble.reasonHeader, true)
  t.equal(config.adapters.nimble.path, '/nim/auth')
})

t.test('every problem is reported at once, with its path', async t => {
  t.throws(() => resolveConfig({
    server: { port: 70000, extra: 1 },
    log: { level: 'loud' },
    adapters: { nimble: { path: 'no-slash' } },
    policies: [{ rules: [{ rule: 'ip-range', options: { deny: ['${MISSING_VAR}'] } }], default: 'maybe' }]
  }, {}), {
    code: 'SG_CONFIG_INVALID',
    message: /\/policies\/0\/rules\/0\/options\/deny\/0: environment variable MISSING_VAR is not set[^]*\/server: must NOT have additional properties \(extra\)[^]*\/server\/port: must be <= 65535[^]*\/log\/level: must be equal to one of the allowed values[^]*\/adapters\/nimble\/path: must match pattern/
  })
  t.throws(() => resolveConfig({}, {}), /: must have required property 'policies'/)
  t.throws(() => resolveConfig({ policies: [] }, {}), /\/policies: must NOT have fewer than 1 items/)
  t.throws(() => resolveConfig('policies', {}), /: must be object/)
})

t.test('a redirect a media server cannot read from a header is refused at start-up', async t => {
  for (const location of [' /live/stub', '/live/stub ', 'https://ex\u00e4mple.com/', 'https://example.com/\r\nSet-Cookie: a=b', '/live/\tstub']) {
    t.throws(() => resolveConfig({ policies: [{ rules: [], default: { redirect: location } }] }, {}),
      { code: 'SG_CONFIG_INVALID', message: /\/policies\/0\/default\/redirect: must match pattern/ }, JSON.stringify(location).replace(/[^\x20-\x7e]/g, '?'))
  }
  t.same(resolveConfig({ policies: [{ rules: [], default: { redirect: 'https://example.com/stub page?a=%C3%A4' } }] }, {}).policies[0].default,
    { redirect: 'https://example.com/stub page?a=%C3%A4' }, 'visible ASCII, spaces inside and percent-encoding are fine')
})

t.test('YAML and JSON files; unreadable or unparsable files are clear errors', async t => {
  const dir = t.testdir({
    'a.yaml': 'server:\n  port: ${P}\npolicies:\n  - rules: []\n',
    'b.json': JSON.stringify(minimal),
    'broken.yaml': 'policies: [\n',
    'broken.json': '{"policies": ',
    'invalid.yml': 'policies: 3\n'
  })
  const yaml = await loadConfigFile(join(dir, 'a.yaml'), { P: '1234' })
  t.equal(yaml.config.server.port, 1234)
  t.equal(yaml.baseDir, dir)
  t.equal((await loadConfigFile(join(dir, 'b.json'), {})).config.policies.length, 1)
  await t.rejects(loadConfigFile(join(dir, 'missing.yaml'), {}), { code: 'SG_CONFIG_UNREADABLE', message: /missing\.yaml/ })
  await t.rejects(loadConfigFile(join(dir, 'broken.yaml'), {}), { code: 'SG_CONFIG_UNREADABLE' })
  await t.rejects(loadConfigFile(join(dir, 'broken.json'), {}), { code: 'SG_CONFIG_UNREADABLE' })
  await t.rejects(loadConfigFile(join(dir, 'invalid.yml'), {}), { code: 'SG_CONFIG_INVALID', message: /\/policies: must be array/ })
})

t.test('a syntax error names its file, line, column and key path, and quotes none of it', async t => {
  const secret = 'inline-signing-key-0123456789'
  const dir = t.testdir({
    'broken.yaml': `policies:\n  - rules:\n      - rule: signed-token\n        options: { keys: [{ id: k1, secret: "${secret}\n`,
    'broken.json': `{"policies": [{"rules": [{"options": {"secret": ${secret}}}]}]}`
  })
  await t.rejects(loadConfigFile(join(dir, 'broken.yaml'), {}), {
    code: 'SG_CONFIG_UNREADABLE',
    message: /broken\.yaml: YAML syntax error at line \d+, column \d+ \(at \/policies\/0\/rules\/0\/options[^)]*\): /
  })
  await t.rejects(loadConfigFile(join(dir, 'broken.json'), {}), {
    code: 'SG_CONFIG_UNREADABLE',
    message: /broken\.json: JSON syntax error at line 1, column 49 \(at \/policies\/0\/rules\/0\/options\/secret\)$/
  })
  for (const file of ['broken.yaml', 'broken.json']) {
    const err = await loadConfigFile(join(dir, file), {}).then(() => undefined, (e: unknown) => e as Error)
    t.notOk(err?.message.includes(secret.slice(0, 10)), `${file}: the secret is not in the message`)
  }
})

t.test('the shipped default config is valid with no environment', async t => {
  const { config } = await loadConfigFile(defaultConfigPath, {})
  t.equal(config.server.port, 8080)
  t.equal(config.server.host, '127.0.0.1')
})

t.test('a secret written where a key goes is never named in a validation error', async t => {
  const hex = '9f8e7d6c5b4a39281706f5e4d3c2b1a0'
  const err = t.throws(() => resolveConfig({
    ...minimal,
    server: { [hex]: 1, extra: 2 },
    adapters: { nginxRtmp: { hookAuth: { secret: { correcthorsebatterystaple: '${NOT_SET_ANYWHERE}' } } } }
  }, {})) as Error
  t.match(err.message, /\/server: must NOT have additional properties \(\*\)/, 'a key that is no plain word shows as *')
  t.match(err.message, /\/server: must NOT have additional properties \(extra\)/, 'a mistyped plain key is still named')
  t.match(err.message, /\/adapters\/nginxRtmp\/hookAuth\/secret\/\*: environment variable NOT_SET_ANYWHERE is not set/, 'nothing under a secret-bearing key is named')
  t.notOk(err.message.includes(hex) || err.message.includes('correcthorse'), err.message)
})
