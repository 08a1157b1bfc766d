import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pino from 'pino'
import t, { type Test } from 'tap'
import { warnIfNotPersistent } from '../../src/stores/redis-persistence.js'
import { captureLogs, freePort } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'

/** What warnIfNotPersistent logs about a private redis-server started with `args`. */
async function verdict (t: Test, args: string[]): Promise<Array<{ level: number, msg: string }>> {
  const port = await freePort()
  await spawnRedis(t, port, ['--port', String(port), '--bind', '127.0.0.1', '--dir', mkdtempSync(join(tmpdir(), 'sg-redis-')), ...args])
  const client = new Redis(port, '127.0.0.1')
  t.teardown(() => client.disconnect())
  const logs = captureLogs()
  await warnIfNotPersistent(client, pino(logs.stream))
  return logs.lines.map(l => ({ level: Number(l.level), msg: String(l.msg) }))
}

t.test('a Redis with neither save points nor AOF is warned about', async t => {
  t.match(await verdict(t, ['--save', '', '--appendonly', 'no']), [{ level: 40, msg: /keeps nothing on disk/ }])
})

t.test('AOF or RDB save points: no warning', async t => {
  t.same(await verdict(t, ['--save', '', '--appendonly', 'yes']), [])
  t.same(await verdict(t, ['--save', '3600 1', '--appendonly', 'no']), [])
})

t.test('a Redis that refuses CONFIG is not judged, and says so once at info level', async t => {
  t.match(await verdict(t, ['--save', '', '--appendonly', 'no', '--rename-command', 'CONFIG', '']), [{ level: 30, msg: /cannot tell whether redis persists/ }])
})
