import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { buildTestApp, freePort, nimble, nimbleBody, oneChain } from '../helpers.js'

const ping = (port: number): string => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout.toString().trim()

/** A private master and a Sentinel that monitors it as `streamgate-master`, stopped when the test ends. */
async function startSentinel (t: Test): Promise<{ master: number, sentinel: number }> {
  const dir = t.testdir({})
  const master = await freePort()
  const sentinel = await freePort()
  const conf = join(dir, 'sentinel.conf')
  writeFileSync(conf, `port ${sentinel}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor streamgate-master 127.0.0.1 ${master} 1\n`)
  const processes: ChildProcess[] = [
    spawn('/usr/bin/redis-server', ['--port', String(master), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
    spawn('/usr/bin/redis-server', [conf, '--sentinel'], { stdio: 'ignore' })
  ]
  t.teardown(async () => {
    await Promise.all(processes.map(async p => {
      if (p.exitCode !== null) return
      p.kill('SIGKILL')
      await once(p, 'exit')
    }))
  })
  for (const port of [master, sentinel]) {
    for (let i = 0; ping(port) !== 'PONG'; i++) {
      if (i > 100) throw new Error(`redis on ${port} did not start`)
      await sleep(50)
    }
  }
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
