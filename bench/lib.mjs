// Shared benchmark machinery: start targets as child processes, drive them with wrk in interleaved rounds
// (order rotated each round), and summarise per-round ratios against the baseline.
import { spawn, execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function freePort () {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address()
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Starts a server process and resolves once it accepts connections. */
export async function startTarget ({ name, command, args, env = {}, port }) {
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'], detached: true })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) })
      return { name, port, child, stop: () => { try { process.kill(-child.pid, 'SIGTERM') } catch { /* already gone */ } } }
    } catch {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  throw new Error(`${name} did not start`)
}

/** Runs wrk once; returns requests/s and latency percentiles (ms) and the non-2xx/3xx count. */
export function wrk ({ url, body, seconds, connections, headers = { 'Content-Type': 'application/json' } }) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'))
  const script = join(dir, 'post.lua')
  writeFileSync(script, [
    'wrk.method = "POST"',
    `wrk.body = ${JSON.stringify(body)}`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    'done = function(summary, latency, requests)',
    '  io.write(string.format("RESULT %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),',
    '    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,',
    '    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))',
    'end'
  ].join('\n'))
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8' })
  const [rps, p50, p99, p999, badStatus, socketErrors] = /RESULT (\S+) (\S+) (\S+) (\S+) (\d+) (\d+)/.exec(out).slice(1).map(Number)
  return { rps, p50, p99, p999, badStatus, socketErrors }
}

export const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Interleaved rounds: each round drives every target once, in an order rotated per round, so drift in the
 * machine's speed hits all targets alike. Returns per-target medians and the per-round ratio to the baseline.
 */
export function interleave (targets, { rounds, seconds, connections, warmup = 2, body, path }) {
  for (const target of targets) wrk({ url: `http://127.0.0.1:${target.port}${path}`, body, seconds: warmup, connections })
  const results = Object.fromEntries(targets.map(t => [t.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length])
    for (const target of order) {
      results[target.name].push(wrk({ url: `http://127.0.0.1:${target.port}${path}`, body, seconds, connections }))
    }
  }
  const [baseline] = targets
  return targets.map(target => ({
    name: target.name,
    rps: median(results[target.name].map(r => r.rps)),
    p50: median(results[target.name].map(r => r.p50)),
    p99: median(results[target.name].map(r => r.p99)),
    p999: median(results[target.name].map(r => r.p999)),
    errors: results[target.name].reduce((n, r) => n + r.badStatus + r.socketErrors, 0),
    ratio: median(results[target.name].map((r, i) => r.rps / results[baseline.name][i].rps))
  }))
}

export function table (rows) {
  const lines = ['| target | req/s (median) | ratio to baseline (median of rounds) | p50 ms | p99 ms | p99.9 ms | errors |', '|---|---|---|---|---|---|---|']
  for (const r of rows) lines.push(`| ${r.name} | ${Math.round(r.rps)} | ${r.ratio.toFixed(3)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p999.toFixed(2)} | ${r.errors} |`)
  return lines.join('\n')
}
