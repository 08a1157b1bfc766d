import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { StreamKeys } from '../../src/publish/stream-keys.js'
import { RedisStore } from '../../src/stores/redis.js'
import { pino } from 'pino'
import { redisStoreConfig } from '../redis-helpers.js'

const keys = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'keys', ...args], { cwd: packageRoot, encoding: 'utf8' })
  return { code: res.status, stdout: res.stdout.trim(), stderr: res.stderr }
}

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

t.test('bad usage, names and unknown streams exit 1 with a clear message', async t => {
  const dir = t.testdir({ 'c.yaml': 'policies:\n  - rules: []\n' })
  const config = join(dir, 'c.yaml')
  for (const [args, message] of [
    [[], /keys create\|rotate\|revoke <name>/],
    [['create'], /keys create\|rotate\|revoke <name>/],
    [['burn', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['toString', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['constructor', 'benw'], /keys create\|rotate\|revoke <name>/],
    [['create', 'a', 'b'], /keys create\|rotate\|revoke <name>/],
    [['create', 'bad name', '--config', config], /Invalid stream name/],
    [['rotate', 'nope', '--config', config], /Stream "nope" not found/],
    [['revoke', 'nope', '--config', config], /Stream "nope" not found/]
  ] as const) {
    const res = keys(...args)
    t.equal(res.code, 1, args.join(' '))
    t.match(res.stderr, message)
  }
})
