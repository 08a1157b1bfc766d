import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../src/paths.js'

t.test('every decision logged before SIGTERM is on stdout when the process has exited', async t => {
  const requests = 400
  const dir = t.testdir({
    'config.yaml': 'server: { port: 0 }\npolicies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let output = ''
  const listening = new Promise<number>(resolve => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]
      if (port !== undefined) resolve(Number(port))
    })
  })
  const port = await listening
  const statuses = await Promise.all(Array.from({ length: requests }, async (_, i) => {
    const res = await fetch(`http://127.0.0.1:${port}/nimble/auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `/live/s${i}/playlist.m3u8`, ip: '127.0.0.1' })
    })
    await res.arrayBuffer()
    return res.status
  }))
  t.same(new Set(statuses), new Set([200]))
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit') as [number]
  t.equal(code, 0)
  const decisions = output.split('\n').filter(line => line.includes('"msg":"decision"'))
  t.equal(decisions.length, requests, 'one line per decision, none lost in the buffer')
  t.equal(new Set(decisions.map(line => (JSON.parse(line) as { stream: string }).stream)).size, requests, 'each request its own line')
  t.match(output, /"msg":"shutting down"/)
})

t.test('lines logged in the same turn as process.exit are written, and a lone line gets out without exit', async t => {
  const script = (exit: boolean) => [
    "import pino from 'pino'",
    "import { bufferedStdout } from './src/log-destination.ts'",
    'const log = pino({}, bufferedStdout().stream)',
    'for (let i = 0; i < 50; i++) log.info({ i }, "line")',
    exit ? 'process.exit(0)' : 'setInterval(() => {}, 1000)'
  ].join('\n')
  const run = (exit: boolean) => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(exit)], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  const exiting = run(true)
  let output = ''
  exiting.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const [code] = await once(exiting, 'exit') as [number]
  t.equal(code, 0)
  t.same(output.trim().split('\n').map(line => (JSON.parse(line) as { i: number }).i), Array.from({ length: 50 }, (_, i) => i), 'all 50, in order')

  const idle = run(false)
  t.teardown(() => { if (idle.exitCode === null) idle.kill('SIGKILL') })
  let idleOutput = ''
  await new Promise<void>(resolve => {
    idle.stdout.on('data', (chunk: Buffer) => {
      idleOutput += chunk.toString()
      if (idleOutput.split('\n').length > 50) resolve()
    })
  })
  t.equal(idleOutput.trim().split('\n').length, 50, 'a quiet process still writes what it logged')
})

t.test('once stdout is a closed pipe, lines are dropped, not kept in memory', async t => {
  const script = [
    "import pino from 'pino'",
    "import { bufferedStdout } from './src/log-destination.ts'",
    'const log = pino({}, bufferedStdout().stream)',
    "const pad = 'x'.repeat(16_000)",
    // a batch per line, and a turn for the writer to hear of each failed write
    'for (let i = 0; i < 1000; i++) { log.info({ pad }, "line"); await new Promise(resolve => setTimeout(resolve, 1)) }',
    'globalThis.gc()',
    "process.stderr.write('arrayBuffers=' + String(process.memoryUsage().arrayBuffers))"
  ].join('\n')
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  // EPIPE from the first write on
  child.stdout.destroy()
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString() })
  const [code] = await once(child, 'exit') as [number]
  t.equal(code, 0)
  const held = Number(/arrayBuffers=(\d+)/.exec(errors)?.[1])
  t.ok(held < 4_000_000, `${held} bytes held after 16 MB logged to a closed pipe`)
})
