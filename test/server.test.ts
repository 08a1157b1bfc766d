import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { packageRoot } from '../src/paths.js'
import { freePort } from './helpers.js'
import { redisStoreConfig } from './redis-helpers.js'

interface Started {
  child: ChildProcess
  output: () => string
  /** Resolves on the first match of pattern in the output so far or to come; rejects if the process ends first. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>
}

/** Starts a command in its own process group, so the whole group can be stopped by PID. */
function start (t: Test, command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: packageRoot, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let closed = false
  const output$ = new EventEmitter()
  const append = (chunk: Buffer): void => { output += chunk.toString(); output$.emit('change') }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  child.on('close', () => { closed = true; output$.emit('change') })
  t.teardown(() => {
    if (child.exitCode === null && child.pid !== undefined) {
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
    }
  })
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => await new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(output)
      if (match === null && !closed) return
      output$.off('change', check)
      if (match !== null) resolve(match)
      else reject(new Error(`exited ${child.exitCode} before ${pattern}: ${output}`))
    }
    output$.on('change', check)
    check()
  })
  return { child, output: () => output, waitFor }
}

const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/

const post = async (port: number, body: unknown) => {
  const res = await fetch(`http://127.0.0.1:${port}/nimble/auth`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  return { status: res.status, body: await res.json() }
}

t.test('streamgate start serves a config file on a free port and stops on SIGTERM', async t => {
  const dir = t.testdir({
    'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const [, port] = await server.waitFor(listening)
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '127.0.0.1' }), { status: 200, body: { return_code: 200 } })
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '8.8.8.8' }), { status: 403, body: { return_code: 403 } })
  server.child.kill('SIGTERM')
  const [code] = await once(server.child, 'exit') as [number]
  t.equal(code, 0, 'graceful shutdown exits 0')
  t.match(server.output(), /"msg":"decision"/)
})

t.test('a second SIGTERM, a SIGINT or a SIGHUP during the drain neither kills the process nor loses a decision line', async t => {
  const dir = t.testdir({
    'config.yaml': 'server: { port: 0, drainTimeout: 20000 }\npolicies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const [, port] = await server.waitFor(listening)
  // a kept-alive connection holds the drain open until it closes
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const ask = async (): Promise<number> => await new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), path: '/nimble/auth', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, res => {
      res.resume()
      res.on('end', () => { resolve(res.statusCode ?? 0) })
    })
    req.on('error', reject)
    req.end(JSON.stringify({ url: '/live/s/playlist.m3u8', ip: '127.0.0.1' }))
  })
  t.same([await ask(), await ask(), await ask()], [200, 200, 200])
  server.child.kill('SIGTERM')
  await server.waitFor(/"msg":"shutting down"/)
  for (const signal of ['SIGHUP', 'SIGTERM', 'SIGINT'] as const) server.child.kill(signal)
  await server.waitFor(/"msg":"SIGHUP ignored: shutting down"/)
  await server.waitFor(/"signal":"SIGINT","msg":"already shutting down"/)
  agent.destroy()
  const [code, signal] = await once(server.child, 'exit') as [number | null, string | null]
  t.same({ code, signal }, { code: 0, signal: null }, 'the drain ran to its end and the process exited by itself')
  t.equal(server.output().split('\n').filter(line => line.includes('"msg":"decision"')).length, 3, 'every decision line written')
})

t.test('a stop during start-up waits for it; a second one, while a start-up hangs, exits at once', async t => {
  const dir = t.testdir({
    // a custom rule whose build never ends, and says it began
    'hang.mjs': "export default { id: 'hang', optionsSchema: { type: 'object' }, create: () => { process.stderr.write('building hang\\n'); return new Promise(() => {}) } }\n",
    'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: [{ use: ./hang.mjs }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  await server.waitFor(/building hang/)
  server.child.kill('SIGTERM')
  server.child.kill('SIGTERM')
  const [code, signal] = await once(server.child, 'exit') as [number | null, string | null]
  t.same({ code, signal }, { code: 1, signal: null }, 'exited by itself, not killed by the signal')
})

t.test('a promise that fails with nobody waiting for it is logged, and the process goes on serving', async t => {
  const dir = t.testdir({
    // a custom rule that leaves a failed promise behind, as a library's fire-and-forget command can
    'stray.mjs': "export default { id: 'stray', optionsSchema: { type: 'object' }, create: () => ({ evaluate: () => { Promise.reject(new Error('Connection is closed.')); return { outcome: 'abstain', reason: 'stray' } } }), reasons: ['stray'] }\n",
    'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: [{ use: ./stray.mjs }, { rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const [, port] = await server.waitFor(listening)
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '127.0.0.1' }), { status: 200, body: { return_code: 200 } })
  await server.waitFor(/"level":50,[^\n]*"message":"Connection is closed\."[^\n]*"msg":"a promise failed with nobody waiting for it; still serving"/)
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '127.0.0.1' }), { status: 200, body: { return_code: 200 } }, 'still answering')
  t.equal(server.child.exitCode, null, 'still running')
})

t.test('SIGHUP reloads the config file; a broken file leaves the old one serving', async t => {
  const config = (cidr: string) => `server: { port: 0 }\npolicies:\n  - rules: [{ rule: ip-range, options: { deny: ["${cidr}"] } }]\n    default: allow\n`
  const dir = t.testdir({ 'config.yaml': config('127.0.0.0/8') })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const port = Number((await server.waitFor(listening))[1])
  const ask = async (ip: string) => (await post(port, { url: '/live/s/playlist.m3u8', ip })).status
  t.equal(await ask('127.0.0.1'), 403)
  writeFileSync(join(dir, 'config.yaml'), config('10.0.0.0/8'))
  server.child.kill('SIGHUP')
  await server.waitFor(/"msg":"config reloaded"/)
  t.equal(await ask('127.0.0.1'), 200)
  t.equal(await ask('10.1.1.1'), 403)
  writeFileSync(join(dir, 'config.yaml'), 'policies: {}\n')
  server.child.kill('SIGHUP')
  await server.waitFor(/config reload rejected/)
  t.equal(await ask('10.1.1.1'), 403, 'still the last good config')
  server.child.kill('SIGTERM')
  await once(server.child, 'exit')
})

t.test('npm start with no arguments serves the default example config', async t => {
  const port = await freePort()
  // --ignore-scripts skips prestart's build: other test files import dist/ while this one runs (pretest built it)
  const server = start(t, 'npm', ['start', '--silent', '--ignore-scripts'], { STREAMGATE_PORT: String(port) })
  await server.waitFor(new RegExp(`Server listening at http://127\\.0\\.0\\.1:${port}`))
  t.same(await post(port, { url: '/live/stream/playlist.m3u8', ip: '198.51.100.7', session_type: 'HLS' }), { status: 200, body: { return_code: 200 } })
  t.same(await post(port, { url: '/live/stream/playlist.m3u8', ip: '203.0.113.9', session_type: 'HLS' }), { status: 403, body: { return_code: 403 } })
  process.kill(-server.child.pid!, 'SIGTERM')
  await once(server.child, 'exit')
})

/** A config with a Redis store (a connection that would hold the process open) plus the given YAML. */
const withRedis = (t: Test, yaml: string): string => {
  const store = redisStoreConfig(t)
  return `store: { type: redis, url: "${store.url!}", keyPrefix: "${store.keyPrefix}" }\n` + yaml +
    'policies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
}

t.test('a boot that fails after the Redis store opened closes it and exits 1', async t => {
  const dir = t.testdir({
    'proxies.yaml': withRedis(t, 'server: { port: 0 }\nadapters: { nginx: { enabled: true, trustedProxies: ["not-a-range"] } }\n')
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'proxies.yaml')])
  const [code] = await once(server.child, 'exit') as [number]
  t.equal(code, 1, 'a bad trustedProxies value stops the process')
  t.match(server.output(), /streamgate: adapters\.nginx\.trustedProxies: "not-a-range" is not an IP address or CIDR/)
})

t.test('a busy port with a Redis store closes the store and exits 1', async t => {
  const busy = createServer().listen(0, '127.0.0.1')
  await once(busy, 'listening')
  t.teardown(() => { busy.close() })
  const { port } = busy.address() as AddressInfo
  const dir = t.testdir({ 'busy.yaml': withRedis(t, `server: { port: ${port} }\n`) })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'busy.yaml')])
  const [code] = await once(server.child, 'exit') as [number]
  t.equal(code, 1)
  t.match(server.output(), /streamgate: listen EADDRINUSE/)
})

t.test('a bad config stops start-up with every problem and exit code 1', async t => {
  const dir = t.testdir({
    'bad.yaml': 'server: { port: -1 }\npolicies:\n  - rules: [{ rule: nope }, { rule: ip-range, options: { deny: [x] } }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'bad.yaml')])
  const [code] = await once(server.child, 'exit') as [number]
  t.equal(code, 1)
  t.match(server.output(), /streamgate: Invalid configuration:\n\s+- \/server\/port: must be >= 0/)
  const missing = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'nope.yaml')])
  t.equal((await once(missing.child, 'exit') as [number])[0], 1)
  t.match(missing.output(), /Cannot read configuration .*nope\.yaml/)
})

t.test('rule problems are reported after the config is valid, also with exit code 1', async t => {
  const dir = t.testdir({ 'bad.yaml': 'policies:\n  - rules: [{ rule: nope }, { rule: ip-range, options: { deny: [x] } }]\n' })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'bad.yaml')])
  t.equal((await once(server.child, 'exit') as [number])[0], 1)
  t.match(server.output(), /rules\/0: Unknown rule "nope"[^]*rules\/1: deny: "x" is not an IP address or CIDR/)
})

t.test('a YAML syntax error, at start-up or on SIGHUP, is reported by position and never prints the config', async t => {
  const secret = 'inline-signing-key-0123456789'
  const broken = `server: { port: 0 }\npolicies:\n  - rules:\n      - rule: signed-token\n        options:\n          keys:\n            - id: k1\n              secret: "${secret}\n`
  const dir = t.testdir({ 'broken.yaml': broken, 'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: []\n' })
  const failed = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'broken.yaml')])
  t.equal((await once(failed.child, 'exit') as [number])[0], 1)
  t.match(failed.output(), /YAML syntax error at line 9, column 1 \(at \/policies\/0\/rules\/0\/options\/keys\/0\/secret\)/)
  t.notOk(failed.output().includes(secret.slice(0, 10)), 'start-up does not print the secret')

  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  await server.waitFor(/Server listening at/)
  writeFileSync(join(dir, 'config.yaml'), broken)
  server.child.kill('SIGHUP')
  await server.waitFor(/config reload rejected/)
  t.match(server.output(), /YAML syntax error at line 9, column 1 \(at \/policies\/0\/rules\/0\/options\/keys\/0\/secret\)/)
  t.notOk(server.output().includes(secret.slice(0, 10)), 'a reload does not log the secret')
  server.child.kill('SIGTERM')
  await once(server.child, 'exit')
})
