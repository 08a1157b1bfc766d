import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildTestApp, freePort, nimble, nimbleBody, oneChain } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'

/** A private master and a Sentinel that monitors it as `streamgate-master`, stopped when the test ends. */
async function startSentinel (t: Test): Promise<{ master: number, sentinel: number }> {
  const dir = t.testdir({})
  const master = await freePort()
  const sentinel = await freePort()
  const conf = join(dir, 'sentinel.conf')
  writeFileSync(conf, `port ${sentinel}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor streamgate-master 127.0.0.1 ${master} 1\n`)
  await spawnRedis(t, master, ['--port', String(master), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'])
  await spawnRedis(t, sentinel, [conf, '--sentinel'])
  return { master, sentinel }
}

t.test('the store finds its master through Sentinel', async t => {
  const { master, sentinel } = await startSentinel(t)
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, timeoutMs: 2000 } }], { default: 'allow' }) as object),
    store: { type: 'redis', sentinels: { name: 'streamgate-master', nodes: [{ host: '127.0.0.1', port: sentinel }] }, commandTimeout: 2000 }
  })
  const ask = async (session: string) => (await nimble(app, nimbleBody({ url: '/live/s/playlist.m3u8?viewer=alice', session_id: session }))).status
  t.equal(await ask('1'), 200)
  t.equal(await ask('2'), 403, 'the limit holds')
  const keys = spawnSync('redis-cli', ['-p', String(master), '--scan', '--pattern', '*ses:{alice}*']).stdout.toString().trim()
  t.match(keys, /ses:\{alice\}/, 'the lease was written to the master Sentinel named')
  t.equal((await app.inject('/readyz')).statusCode, 200)
})
