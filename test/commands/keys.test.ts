import { execFile, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { StreamKeys } from '../../src/publish/stream-keys.js'
import { RedisStore } from '../../src/stores/redis.js'
import { pino } from 'pino'
import { redisStoreConfig } from '../redis-helpers.js'
import { buildTestApp, freePort } from '../helpers.js'

const keys = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'keys', ...args], { cwd: packageRoot, encoding: 'utf8' })
  return { code: res.status, stdout: res.stdout.trim(), stderr: res.stderr }
}

/** The CLI without blocking this process, which may be serving it. */
const keysAsync = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'keys', ...args], { cwd: packageRoot, encoding: 'utf8' })
    return { code: 0, stdout: stdout.trim(), stderr }
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number, stdout: string, stderr: string }
    return { code, stdout: stdout.trim(), stderr }
  }
}

const SECRET = 'keys-cli-test-secret-of-32-characters'
const controlApi = (secret = SECRET) => ({ enabled: true, jwt: { algorithm: 'HS256', secret, audience: 'streamgate', issuer: 'ops' } })

t.test('create, rotate and revoke against the configured (Redis) store', async t => {
  const store = redisStoreConfig(t)
  const dir = t.testdir({ 'c.json': JSON.stringify({ store, policies: [{ rules: [] }] }) })
  const config = join(dir, 'c.json')
  const created = keys('create', 'benw', '--config', config)
  t.equal(created.code, 0, created.stderr)
  t.match(created.stdout, /^[A-Za-z0-9_-]{43}$/, 'only the key is printed')
  const redis = new RedisStore(store, pino({ level: 'silent' }))
  t.teardown(() => redis.close())
  const streamKeys = new StreamKeys(redis)
  t.equal((await streamKeys.check(created.stdout)).status, 'valid')

  const again = keys('create', 'benw', '--config', config)
  t.equal(again.code, 1)
  t.match(again.stderr, /has a key already/)
  const rotated = keys('rotate', 'benw', '-c', config)
  t.equal(rotated.code, 0)
  t.equal((await streamKeys.check(created.stdout)).status, 'unknown')
  t.equal((await streamKeys.check(rotated.stdout)).status, 'valid')
  const revoked = keys('revoke', 'benw', '--config', config)
  t.same([revoked.code, revoked.stdout], [0, ''])
  t.equal((await streamKeys.check(rotated.stdout)).status, 'unknown')
})

t.test('bad usage, and a memory store with no way to reach its server, exit 1 with a clear message', async t => {
  const dir = t.testdir({ 'c.yaml': 'policies:\n  - rules: []\n' })
  const config = join(dir, 'c.yaml')
  for (const [args, message] of [
    [[], /keys create\|rotate\|revoke <name>/],
    [['create'], /keys create\|rotate\|revoke <name>/],
    [['burn', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['toString', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['constructor', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['create', 'a', 'b'], /keys create\|rotate\|revoke <name>/],
    [['create', 'benw', '--config', config], /memory store lives inside the running streamgate.*Enable controlApi.*or use store.type: redis/]
  ] as const) {
    const res = keys(...args)
    t.equal(res.code, 1, args.join(' '))
    t.match(res.stderr, message)
  }
})

t.test('with the memory store the running server keeps the keys: the CLI goes through its control API', async t => {
  const port = await freePort()
  const { app, logs } = await buildTestApp(t, { server: { port }, policies: [{ rules: [] }], controlApi: controlApi() })
  await app.listen({ host: '127.0.0.1', port })
  // the config the server started with, as an operator passes it to the CLI: 0.0.0.0 is reached on loopback
  const dir = t.testdir({ 'c.json': JSON.stringify({ server: { host: '0.0.0.0', port }, policies: [{ rules: [] }], controlApi: controlApi() }) })
  const config = join(dir, 'c.json')

  const created = await keysAsync('create', 'benw', '--config', config)
  t.equal(created.code, 0, created.stderr)
  t.match(created.stdout, /^[A-Za-z0-9_-]{43}$/, 'only the key is printed')
  t.equal((await app.streamKeys.check(created.stdout)).status, 'valid', 'the running server knows it')
  const again = await keysAsync('create', 'benw', '--config', config)
  t.equal(again.code, 1)
  t.match(again.stderr, /answered 409: .*has a key already/)
  const rotated = await keysAsync('rotate', 'benw', '-c', config)
  t.equal(rotated.code, 0, rotated.stderr)
  t.equal((await app.streamKeys.check(created.stdout)).status, 'unknown')
  t.equal((await app.streamKeys.check(rotated.stdout)).status, 'valid')
  t.same(await keysAsync('revoke', 'benw', '--config', config), { code: 0, stdout: '', stderr: '' })
  t.equal((await app.streamKeys.check(rotated.stdout)).status, 'unknown')

  for (const [args, message] of [
    [['create', 'bad name'], /answered 400: params\/name: must match/],
    [['rotate', 'nope'], /answered 404: Stream "nope" not found/],
    [['create', '../admin'], /answered 400: params\/name: must match/]
  ] as const) {
    const res = await keysAsync(...args, '--config', config)
    t.same([res.code, res.stdout], [1, ''], args.join(' '))
    t.match(res.stderr, message)
  }
  t.ok(logs.lines.some(l => l.msg === 'stream changed' && l.subject === 'streamgate-cli'), 'audited as the CLI')
  t.notOk(logs.text().includes(created.stdout) || logs.text().includes(rotated.stdout), 'no key in the server log')

  const forged = join(t.testdir({ 'f.json': JSON.stringify({ server: { port }, policies: [{ rules: [] }], controlApi: controlApi('another-secret-that-is-32-characters') }) }), 'f.json')
  const refused = await keysAsync('create', 'intruder', '--config', forged)
  t.equal(refused.code, 1)
  t.match(refused.stderr, /answered 401/)
  t.equal(await app.streamKeys.info('intruder'), undefined, 'a config with another secret changes nothing')
})

t.test('with the memory store and no server to ask, the CLI says why and keeps nothing', async t => {
  const port = await freePort()
  const write = (config: object) => join(t.testdir({ 'c.json': JSON.stringify({ policies: [{ rules: [] }], ...config }) }), 'c.json')
  const { publicKey } = await import('node:crypto').then(c => c.generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }))
  for (const [what, config, message] of [
    ['nothing listening', { server: { port }, controlApi: controlApi() }, new RegExp(`no streamgate answers at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): start it with this config first`)],
    ['a free port at start', { server: { port: 0 }, controlApi: controlApi() }, /server.port is 0/],
    ['a token this command cannot sign', { server: { port }, controlApi: { enabled: true, jwt: { algorithm: 'ES256', publicKey } } }, /takes ES256 tokens this command cannot sign/]
  ] as const) {
    const res = await keysAsync('create', 'benw', '--config', write(config))
    t.same([res.code, res.stdout], [1, ''], what)
    t.match(res.stderr, message, what)
  }
})
