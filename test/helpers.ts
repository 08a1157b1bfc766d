import { EventEmitter, once } from 'node:events'
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildAppOptions } from '../src/app.js'
import { resolveConfig } from '../src/config/load.js'

export interface LogCapture {
  stream: Writable
  lines: Array<Record<string, unknown>>
  /** Everything logged, as raw text: for asserting a secret never appears. */
  text (): string
  /** Resolves with the first line whose msg is `msg` logged from now on: a latch on what the app reports. */
  next (msg: string): Promise<Record<string, unknown>>
}

export function captureLogs (): LogCapture {
  const raw: string[] = []
  const lines: Array<Record<string, unknown>> = []
  const logged = new EventEmitter()
  const stream = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      const text = chunk.toString()
      raw.push(text)
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue
        const parsed = JSON.parse(line) as Record<string, unknown>
        lines.push(parsed)
        logged.emit('line', parsed)
      }
      callback()
    }
  })
  const next = async (msg: string): Promise<Record<string, unknown>> => await new Promise(resolve => {
    const check = (line: Record<string, unknown>): void => {
      if (line.msg !== msg) return
      logged.off('line', check)
      resolve(line)
    }
    logged.on('line', check)
  })
  return { stream, lines, text: () => raw.join(''), next }
}

export interface TestApp {
  app: FastifyInstance
  logs: LogCapture
}

/**
 * Builds the real app from a raw config object (validated like a config file would be) with logs captured.
 * The app is closed when the test ends.
 */
export async function buildTestApp (
  t: { teardown: (fn: () => unknown) => void },
  rawConfig: unknown,
  options: Omit<BuildAppOptions, 'config' | 'logStream'> = {}
): Promise<TestApp> {
  const logs = captureLogs()
  const app = await buildApp({ config: resolveConfig(rawConfig, {}, { adapters: options.adapters }), logStream: logs.stream, ...options })
  t.teardown(() => app.close())
  return { app, logs }
}

export interface NimbleBody {
  host?: string
  url?: string
  ip?: string
  'user-agent'?: string
  user_agent?: string
  referer?: string
  session_id?: string
  session_type?: string
  [extra: string]: unknown
}

export const nimbleBody = (overrides: NimbleBody = {}): NimbleBody => ({
  host: 'media.example.com',
  url: 'http://media.example.com/live/stream/playlist.m3u8',
  ip: '198.51.100.7',
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  referer: 'https://www.example.com/watch',
  session_id: '1000',
  session_type: 'HLS',
  ...overrides
})

/** A config with one policy for every stream holding these rules. */
export const oneChain = (rules: unknown[], policy: Record<string, unknown> = {}): unknown => ({
  server: { port: 0 },
  log: { level: 'info' },
  policies: [{ name: 'test', rules, ...policy }]
})

/** The examples' publish policy: a stream key (the stream-key rule with these options), or no publish. */
export const keyPolicy = (options: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options }] })

/** oneChain for viewers, after the publish policy (keyPolicy) that takes every publish. */
export const withKeys = (config: unknown, options: Record<string, unknown> = {}): unknown => {
  const { policies, ...rest } = config as { policies: unknown[] }
  return { ...rest, policies: [keyPolicy(options), ...policies] }
}

/** POSTs a Nimble auth request through app.inject() and returns status and parsed body. */
export async function nimble (app: FastifyInstance, body: NimbleBody): Promise<{ status: number, body: { return_code: number, redirect_location?: string }, headers: Record<string, unknown> }> {
  const res = await app.inject({ method: 'POST', url: '/nimble/auth', payload: body })
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}

/** The lowest local port the kernel gives outgoing connections (Linux's default when it cannot be read). */
function ephemeralLow (): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    if (low > 0) return low
  } catch {
    // not Linux: the default below
  }
  return 32768
}

/** freePort picks from the 10,000 ports 20,000 below the ephemeral range. */
const FIRST_PICK = ephemeralLow() - 20_000
/** Claims on ports, shared by tap's parallel test processes: a file per port, made only if absent, gone at exit. */
const CLAIMS = join(tmpdir(), 'streamgate-test-ports')
const CLAIM_STALE_MS = 3_600_000
const claimed: string[] = []
process.on('exit', () => { for (const claim of claimed) rmSync(claim, { force: true }) })

function claim (port: number): boolean {
  const path = join(CLAIMS, String(port))
  try {
    closeSync(openSync(path, 'wx'))
  } catch {
    const stat = statSync(path, { throwIfNoEntry: false })
    // a claim left by a process that died long ago is taken over
    if (stat === undefined || Date.now() - stat.mtimeMs < CLAIM_STALE_MS) return false
    utimesSync(path, new Date(), new Date())
  }
  claimed.push(path)
  return true
}

/** Whether a server can listen on the port now. */
async function canListen (port: number): Promise<boolean> {
  const server = createServer()
  try {
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
  } catch {
    return false
  }
  server.close()
  await once(server, 'close')
  return true
}

/**
 * A loopback port nothing listens on right now, for servers a test starts in another process. It lies outside the
 * kernel's ephemeral range: a port from there can become the local port of any outgoing connection before the
 * server binds it (nginx then failed with "Address already in use"). So does the port 10,000 above it (a Redis
 * Cluster node's bus port). No other test process gets it (see claim).
 */
export async function freePort (): Promise<number> {
  if (FIRST_PICK < 1024) throw new Error('the ephemeral port range starts too low to pick ports below it')
  mkdirSync(CLAIMS, { recursive: true })
  for (let attempt = 0; attempt < 1000; attempt++) {
    const port = FIRST_PICK + Math.floor(Math.random() * 10_000)
    if (claim(port) && await canListen(port) && await canListen(port + 10_000)) return port
  }
  throw new Error(`no free port found in ${FIRST_PICK}-${FIRST_PICK + 9_999} after 1000 attempts`)
}

/**
 * Resolves once `check` holds, asking every 50 ms for up to `ms`: for what a test waits on without a latch
 * to hear it by (a key expiring, a server changing role). A check that throws counts as not yet; the last
 * error is told if time runs out.
 */
export async function eventually (what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  let lastError = ''
  const holds = async (): Promise<boolean> => await check().catch((err: unknown) => { lastError = ` (last: ${(err as Error).message})`; return false })
  for (const end = Date.now() + ms; !await holds();) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms${lastError}`)
    await sleep(50)
  }
}
