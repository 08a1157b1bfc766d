import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { packageRoot } from '../src/paths.js'
import { freePort } from './helpers.js'

interface Started {
  child: ChildProcess
  output: () => string
}

/** Starts a command in its own process group, so the whole group can be stopped by PID. */
function start (t: Test, command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: packageRoot, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  t.teardown(() => {
    if (child.exitCode === null && child.pid !== undefined) {
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
    }
  })
  return { child, output: () => output }
}

async function waitFor (started: Started, pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output())
    if (match !== null) return match
    if (started.child.exitCode !== null) throw new Error(`exited ${started.child.exitCode}: ${started.output()}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${pattern}: ${started.output()}`)
}

const post = async (port: number, body: unknown) => {
  const res = await fetch(`http://127.0.0.1:${port}/nimble/auth`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  return { status: res.status, body: await res.json() }
}

t.test('streamgate start serves a config file on a free port and stops on SIGTERM', async t => {
  const dir = t.testdir({
    'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const [, port] = await waitFor(server, /Server listening at http:\/\/127\.0\.0\.1:(\d+)/)
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '127.0.0.1' }), { status: 200, body: { return_code: 200 } })
  t.same(await post(Number(port), { url: '/live/s/playlist.m3u8', ip: '8.8.8.8' }), { status: 403, body: { return_code: 403 } })
  server.child.kill('SIGTERM')
  const [code] = await once(server.child, 'exit') as [number]
  t.equal(code, 0, 'graceful shutdown exits 0')
  t.match(server.output(), /"msg":"decision"/)
})

t.test('SIGHUP reloads the config file; a broken file leaves the old one serving', async t => {
  const config = (cidr: string) => `server: { port: 0 }\npolicies:\n  - rules: [{ rule: ip-range, options: { deny: ["${cidr}"] } }]\n    default: allow\n`
  const dir = t.testdir({ 'config.yaml': config('127.0.0.0/8') })
  const server = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')])
  const port = Number((await waitFor(server, /Server listening at http:\/\/127\.0\.0\.1:(\d+)/))[1])
  const ask = async (ip: string) => (await post(port, { url: '/live/s/playlist.m3u8', ip })).status
  t.equal(await ask('127.0.0.1'), 403)
  writeFileSync(join(dir, 'config.yaml'), config('10.0.0.0/8'))
  server.child.kill('SIGHUP')
  await waitFor(server, /"msg":"config reloaded"/)
  t.equal(await ask('127.0.0.1'), 200)
  t.equal(await ask('10.1.1.1'), 403)
  writeFileSync(join(dir, 'config.yaml'), 'policies: {}\n')
  server.child.kill('SIGHUP')
  await waitFor(server, /config reload rejected/)
  t.equal(await ask('10.1.1.1'), 403, 'still the last good config')
  server.child.kill('SIGTERM')
  await once(server.child, 'exit')
})

t.test('npm start with no arguments serves the default example config', async t => {
  const port = await freePort()
  const server = start(t, 'npm', ['start', '--silent'], { STREAMGATE_PORT: String(port) })
  await waitFor(server, new RegExp(`Server listening at http://127\\.0\\.0\\.1:${port}`))
  t.same(await post(port, { url: '/live/stream/playlist.m3u8', ip: '198.51.100.7', session_type: 'HLS' }), { status: 200, body: { return_code: 200 } })
  t.same(await post(port, { url: '/live/stream/playlist.m3u8', ip: '203.0.113.9', session_type: 'HLS' }), { status: 403, body: { return_code: 403 } })
  process.kill(-server.child.pid!, 'SIGTERM')
  await once(server.child, 'exit')
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

t.test('the CLI explains itself', async t => {
  const help = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', '--help'])
  t.equal((await once(help.child, 'exit') as [number])[0], 0)
  t.match(help.output(), /Usage: streamgate <command>[^]*start/)
  const unknown = start(t, process.execPath, ['--import', 'tsx', 'src/cli.ts', 'frobnicate'])
  t.equal((await once(unknown.child, 'exit') as [number])[0], 1)
  t.match(unknown.output(), /unknown command "frobnicate"/)
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
  await waitFor(server, /Server listening at/)
  writeFileSync(join(dir, 'config.yaml'), broken)
  server.child.kill('SIGHUP')
  await waitFor(server, /config reload rejected/)
  t.match(server.output(), /YAML syntax error at line 9, column 1 \(at \/policies\/0\/rules\/0\/options\/keys\/0\/secret\)/)
  t.notOk(server.output().includes(secret.slice(0, 10)), 'a reload does not log the secret')
  server.child.kill('SIGTERM')
  await once(server.child, 'exit')
})
