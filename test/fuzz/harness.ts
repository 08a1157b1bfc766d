import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import type { AdapterDefinition } from '../../src/core/adapter.js'
import { resolveConfig } from '../../src/config/load.js'
import { reasons } from '../../src/core/reasons.js'

interface Teardown { teardown: (fn: () => unknown) => void }

// ---------------------------------------------------------------- sizes and randomness

/** Messages per adapter: FUZZ_COUNT, or 100,000 with FUZZ_LONG=1, else the given default (sized for npm test). */
export function fuzzCount (defaultCount: number): number {
  if (process.env.FUZZ_COUNT !== undefined) return Number(process.env.FUZZ_COUNT)
  return process.env.FUZZ_LONG === '1' ? 100_000 : defaultCount
}

/** The seed of `npm test`'s runs: the same cases every time, so a failure there is never a fluke. */
export const DEFAULT_FUZZ_SEED = 20261201

/** FUZZ_SEED=<n> replays a run, FUZZ_SEED=random explores new cases; every assertion names the seed it ran with. */
export function fuzzSeed (given = process.env.FUZZ_SEED): number {
  if (given === undefined || given === '') return DEFAULT_FUZZ_SEED
  if (given === 'random') return (Math.random() * 2 ** 32) >>> 0
  if (!/^\d{1,10}$/.test(given) || Number(given) >= 2 ** 32) throw new RangeError(`FUZZ_SEED must be a whole number below 2^32 or "random", got "${given}"`)
  return Number(given)
}

export interface Rng {
  /** [0, 1) */
  next (): number
  /** integer in [0, n) */
  int (n: number): number
  pick<T> (items: readonly T[]): T
  chance (p: number): boolean
}

/** mulberry32: small, fast and deterministic, so one case can be regenerated from (seed, index). */
export function rng (seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6D2B79F5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32
  }
  const int = (n: number): number => Math.floor(next() * n)
  return { next, int, pick: items => items[int(items.length)] as never, chance: p => next() < p }
}

export const caseRng = (seed: number, index: number): Rng => rng(Math.imul(seed ^ 0x9E3779B9, 0x85EBCA6B) ^ Math.imul(index + 1, 0xC2B2AE35))

// ---------------------------------------------------------------- generated values

const ODD_TEXT = [
  '', ' ', '\u0000', '\r\n', '\n', '\t', '\u00fc', '\u0130', '\u00df', '\u202e', '\u200b', '\ufeff', '\ud800', '\udfff',
  '\ud83c\udfa5', 'e\u0301', '\uff0f', '\u2028', '%', '%00', '%zz', '%2f', '%2e%2e/', '../', '..\\', '?', '#', '&', '=', '//',
  'http://', 'javascript:', '\\', '"', "'", '<script>', '${x}', '{{x}}', '0', '-1', '1e309', 'NaN', 'true', 'null',
  '__proto__', 'constructor', 'prototype', 'live', 'stream', '/live/stream', '198.51.100.7', '::ffff:198.51.100.7'
]

export function randomString (r: Rng): string {
  switch (r.int(6)) {
    case 0: return Array.from({ length: r.int(40) }, () => String.fromCharCode(32 + r.int(95))).join('')
    case 1: return Array.from({ length: 1 + r.int(6) }, () => r.pick(ODD_TEXT)).join('')
    case 2: return r.pick(['a', '\u00e9', '\ud83c\udfa5', '/', '%41']).repeat(r.pick([255, 256, 4097, 8193, 70_000]))
    case 3: return Array.from({ length: r.int(20) }, () => String.fromCharCode(r.int(0x10000))).join('')
    case 4: return Array.from({ length: r.int(12) }, () => String.fromCharCode(r.int(32))).join('')
    default: return r.pick(ODD_TEXT)
  }
}

const ODD_NUMBERS = [0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, 3328402439]

export function randomValue (r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 4 : 6)) {
    case 0: return null
    case 1: return r.chance(0.5)
    case 2: return r.chance(0.5) ? r.pick(ODD_NUMBERS) : (r.next() - 0.5) * 10 ** r.int(20)
    case 3: return randomString(r)
    case 4: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1))
    default: return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.chance(0.2) ? r.pick(['__proto__', 'constructor']) : randomString(r).slice(0, 20), randomValue(r, depth + 1)]))
  }
}

/** JSON text nested far deeper than any parser's comfort, optionally carrying a prototype key at the bottom. */
export function deepNesting (r: Rng): string {
  const depth = r.pick([100, 1000, 10_000, 100_000])
  const inner = r.chance(0.5) ? '{"__proto__":{"x":1}}' : r.chance(0.5) ? '{"constructor":{"prototype":{"x":1}}}' : '1'
  return r.chance(0.5) ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"a":'.repeat(depth) + inner + '}'.repeat(depth)
}

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, truncated sequences. */
export function invalidUtf8 (r: Rng): Buffer {
  return Buffer.from(r.pick([[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F], [0xFE], [0xFF]]))
}

export const randomBytes = (r: Rng, max: number): Buffer => Buffer.from(Array.from({ length: r.int(max) }, () => r.int(256)))

// ---------------------------------------------------------------- mutations

type Json = Record<string, unknown>

/** Swaps a value for one of another JSON type that looks alike (a number for a numeric string, an array around it...). */
function typeSwap (r: Rng, value: unknown): unknown {
  const options: unknown[] = [null, [value], { value }, true, 0]
  if (typeof value === 'string') options.push(Number(value), value.split('.').map(Number))
  else options.push(String(value))
  return r.pick(options)
}

function percentEncode (s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return s // a lone surrogate cannot be encoded
  }
}

function mutateString (r: Rng, s: string): string {
  const at = r.int(s.length + 1)
  switch (r.int(6)) {
    case 0: return s.slice(0, at) + randomString(r) + s.slice(at)
    case 1: return s.slice(0, at) + s.slice(at + 1 + r.int(4))
    case 2: return s.slice(0, at) + String.fromCharCode((s.charCodeAt(at) || 0) ^ (1 << r.int(16))) + s.slice(at + 1)
    case 3: return s.toUpperCase()
    case 4: return s + s
    default: return percentEncode(s)
  }
}

/**
 * One structural mutation of a JSON object, serialized: change, swap the type of, delete, add or duplicate a
 * key (duplicates only exist in the text, so they are written by hand), or mutate a string value.
 * `interesting` holds per-field values worth trying (near misses of the allowed value, say).
 */
export function mutateObject (r: Rng, seed: Json, interesting: Readonly<Record<string, readonly unknown[]>> = {}): string {
  // a Map, so that a key like __proto__ stays a plain key
  const message = new Map(Object.entries(seed))
  const keys = Object.keys(seed)
  const times = 1 + r.int(3)
  const pickFor = (key: string): unknown => r.chance(0.7) && interesting[key] !== undefined ? r.pick(interesting[key]) : randomValue(r)
  let duplicate: [string, unknown, boolean] | undefined
  for (let i = 0; i < times; i++) {
    const key = r.chance(0.9) && keys.length > 0 ? r.pick(keys) : randomString(r).slice(0, 16)
    const value = message.get(key)
    switch (r.int(7)) {
      case 0: message.set(key, pickFor(key)); break
      case 1: message.set(key, typeSwap(r, value)); break
      case 2: message.delete(key); break
      case 3: message.set(randomString(r).slice(0, 30), randomValue(r)); break
      case 4: duplicate = [key, pickFor(key), r.chance(0.5)]; break
      default: message.set(key, typeof value === 'string' ? mutateString(r, value) : randomValue(r))
    }
  }
  const text = JSON.stringify(Object.fromEntries(message))
  if (duplicate === undefined) return text
  const [key, value, first] = duplicate
  // JSON.stringify(undefined) is undefined, not text: such a value is sent as null
  const pair = `${JSON.stringify(key)}:${(JSON.stringify(value) as string | undefined) ?? 'null'}`
  if (text === '{}') return `{${pair},${pair}}`
  return first ? `{${pair},${text.slice(1)}` : `${text.slice(0, -1)},${pair}}`
}

/** Byte-level damage: flip bits, insert or delete bytes, truncate, splice in invalid UTF-8. */
export function mutateBytes (r: Rng, input: Buffer): Buffer {
  const bytes = Buffer.from(input)
  const at = r.int(bytes.length + 1)
  switch (r.int(5)) {
    case 0:
      if (at < bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << r.int(8))
      return bytes
    case 1: return Buffer.concat([bytes.subarray(0, at), randomBytes(r, 8), bytes.subarray(at)])
    case 2: return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + r.int(8))])
    case 3: return bytes.subarray(0, at)
    default: return Buffer.concat([bytes.subarray(0, at), invalidUtf8(r), bytes.subarray(at)])
  }
}

// ---------------------------------------------------------------- an independent reading of the wire schemas

interface FieldSchema { type?: string | string[], minLength?: number, maxLength?: number }
interface ObjectSchema { required?: string[], properties?: Record<string, FieldSchema | boolean> }

function jsonType (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/**
 * Checks required fields, JSON types and string lengths (in UTF-16 code units, as streamgate's request validators
 * count them: src/schemas.ts) of a message against a wire schema, without ajv: the oracle must not share the code it
 * judges. Formats are the oracle's job.
 */
export function fitsSchema (schema: ObjectSchema, message: Json): boolean {
  if ((schema.required ?? []).some(name => !Object.hasOwn(message, name))) return false
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (typeof field === 'boolean' || !Object.hasOwn(message, name)) continue
    const value = message[name]
    const type = jsonType(value)
    const types = field.type === undefined ? undefined : [field.type].flat()
    if (types !== undefined && !types.includes(type) && !(type === 'integer' && types.includes('number'))) return false
    if (typeof value === 'string') {
      if (value.length < (field.minLength ?? 0) || value.length > (field.maxLength ?? Infinity)) return false
    }
  }
  return true
}

/** Whether a parsed JSON value holds a key that secure JSON parsing refuses (prototype poisoning). */
export function hasPrototypeKey (value: unknown): boolean {
  const stack = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    if (Object.hasOwn(node, '__proto__')) return true
    const ctor: unknown = Object.getOwnPropertyDescriptor(node, 'constructor')?.value
    if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) return true
    stack.push(...(Object.values(node) as unknown[]))
  }
  return false
}

/** Parses a body the way a lenient JSON reader would: UTF-8 with replacement characters, a leading BOM ignored. */
export function parseJsonBody (body: Buffer): { ok: true, value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8').replace(/^\ufeff/, '')) }
  } catch {
    return { ok: false }
  }
}

export const isPlainObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value)

/** Whether `ip` is the IPv4 address `v4`, written as such or as an IPv4-mapped IPv6 address in any notation. */
export function isAddress (ip: string, v4: string): boolean {
  if (ip === v4) return true
  // the URL parser drops tabs and newlines silently, an IP address has none
  if (!ip.includes(':') || /[^0-9A-Fa-f:.]/.test(ip)) return false
  try {
    const mapped = new URL(`http://[::ffff:${v4}]/`).hostname
    return new URL(`http://[${ip}]/`).hostname === mapped
  } catch {
    return false
  }
}

/** Node keeps the first of these when repeated, joins cookie with '; ' and any other header with ', '. */
const FIRST_WINS = new Set(['host', 'user-agent', 'referer', 'content-type', 'content-length', 'authorization', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires', 'if-modified-since', 'if-unmodified-since', 'proxy-authorization'])

/** Header lines as an HTTP server presents them: lower-case names, values without surrounding blanks, repeats merged. */
export function mergeHeaders (lines: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const merged: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [rawName, rawValue] of lines) {
    const name = rawName.toLowerCase()
    const value = rawValue.replace(/^[ \t]+|[ \t]+$/g, '')
    const seen = merged[name]
    if (seen === undefined) merged[name] = value
    else if (!FIRST_WINS.has(name)) merged[name] = seen + (name === 'cookie' ? '; ' : ', ') + value
  }
  return merged
}

/**
 * Reads the headers back out of raw request bytes, leniently (LF alone ends a line, a folded line continues
 * the one before): whatever a stricter server parser accepts, it reads the same way.
 */
export function headersOfRaw (bytes: Buffer): Record<string, string> {
  const head = bytes.toString('latin1').split(/\r?\n\r?\n/, 1)[0] ?? ''
  const lines: Array<[string, string]> = []
  for (const line of head.split(/\r?\n/).slice(1)) {
    const last = lines.at(-1)
    if (/^[ \t]/.test(line) && last !== undefined) {
      last[1] += ' ' + line.trim()
      continue
    }
    const colon = line.indexOf(':')
    if (colon > 0) lines.push([line.slice(0, colon), line.slice(colon + 1)])
  }
  return mergeHeaders(lines)
}

// ---------------------------------------------------------------- the real app over real HTTP

export interface FuzzTarget {
  app: FastifyInstance
  port: number
}

/** The real app, listening on a free loopback port, logging at info level into a sink (as in production, minus the disk). */
export async function startTarget (t: Teardown, rawConfig: unknown, { adapters = [] }: { adapters?: ReadonlyArray<AdapterDefinition> } = {}): Promise<FuzzTarget> {
  const sink = new Writable({ write (_chunk, _encoding, callback) { callback() } })
  const app = await buildApp({ config: resolveConfig(rawConfig, {}, { adapters }), logStream: sink, adapters })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { app, port: address.port }
}

export interface HttpCase {
  method: string
  path: string
  /** A list is sent as repeated header lines. */
  headers: Record<string, string | string[]>
  body?: Buffer
}

export interface HttpAnswer {
  /** 0 when the server closed the connection without an answer. */
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** Raw exchanges: the statuses of the answers to the requests the server read after the first. */
  later?: number[]
}

const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'HPE_INVALID_CONSTANT'])

/**
 * One request on a keep-alive agent. A connection the server closed is retried once on a new one (the agent
 * may have picked a socket the server was closing); closed again, the answer is status 0: no answer.
 */
export async function exchange (agent: Agent | false, port: number, c: HttpCase): Promise<HttpAnswer> {
  try {
    return await exchangeOnce(agent, port, c)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? ''
    if (!CLOSED.has(code) && (err as Error).message !== 'socket hang up') throw err
    if (agent !== false) return await exchange(false, port, c)
    return { status: 0, headers: {}, body: Buffer.alloc(0) }
  }
}

async function exchangeOnce (agent: Agent | false, port: number, c: HttpCase): Promise<HttpAnswer> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers: c.headers, agent }, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer within 15 s to ${c.method} ${c.path}`)))
    req.on('error', reject)
    req.end(c.body)
  })
}

const startsAnswer = (bytes: Buffer): boolean => bytes.subarray(0, 7).toString('latin1') === 'HTTP/1.'

/**
 * One answer read off raw bytes: its status line and headers, then a body of its Content-Length (none without one).
 * 204 and 304 have no body, nor has an answer to HEAD: its Content-Length is followed by the next answer, not a body.
 */
function readAnswer (raw: Buffer): { answer: HttpAnswer, rest: Buffer } {
  const head = raw.toString('latin1').split('\r\n\r\n', 1)[0] ?? ''
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  const after = raw.subarray(head.length + 4)
  const bodiless = status === 204 || status === 304 || startsAnswer(after)
  const length = bodiless || headers['content-length'] === undefined ? 0 : Number(headers['content-length'])
  return { answer: { status, headers, body: after.subarray(0, length) }, rest: after.subarray(length) }
}

/**
 * Bytes written as-is on a fresh connection (for what an HTTP client refuses to send: CR/LF in header values,
 * broken framing), then half-closed; the answer is what comes back before the server closes. A line break in a
 * header value can end the request early: the server reads the bytes after it as more requests and answers them
 * after the first (`later`). Whatever follows an answer's body and does not start like an answer is its body too.
 * How many requests the server read is not known here: a request it never answered is not seen.
 */
export async function rawExchange (port: number, bytes: Buffer): Promise<HttpAnswer> {
  return await new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    socket.setTimeout(15_000, () => socket.destroy(new Error('raw exchange: no close within 15 s')))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', err => (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? socket.destroy() : reject(err))
    socket.on('close', () => {
      const raw = Buffer.concat(chunks)
      const answers: HttpAnswer[] = []
      let rest: Buffer = raw
      do {
        const read = readAnswer(rest)
        rest = read.rest
        if (!startsAnswer(rest)) read.answer.body = Buffer.concat([read.answer.body, rest])
        // an interim answer (100 Continue) is followed by the request's own
        if (read.answer.status < 100 || read.answer.status >= 200 || !startsAnswer(rest)) answers.push(read.answer)
      } while (startsAnswer(rest))
      const [first, ...later] = answers
      resolve({ ...first!, later: later.map(a => a.status) })
    })
    socket.end(bytes)
  })
}

/** Serializes a request by hand, so header values and framing can be anything. */
export function rawRequest (c: HttpCase, { contentLength = true, encoding = 'utf8' }: { contentLength?: boolean, encoding?: 'utf8' | 'latin1' } = {}): Buffer {
  const head = [`${c.method} ${c.path} HTTP/1.1`, ...Object.entries(c.headers).flatMap(([k, v]) => [v].flat().map(one => `${k}: ${one}`))]
  if (contentLength && c.body !== undefined) head.push(`Content-Length: ${c.body.length}`)
  // UTF-8 by default, as a client that does not check would send any text; servers read header bytes as latin1
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', encoding), c.body ?? Buffer.alloc(0)])
}

// ---------------------------------------------------------------- the run and its oracle

export type Outcome = 'allow' | 'refuse'
export interface Malformed { malformed: string }

export interface FuzzCase {
  /** How the case was made, for the report. */
  kind: string
  /** Sent through the HTTP client, or as raw bytes when the client would refuse the request. */
  http?: HttpCase
  raw?: Buffer
  /**
   * What the oracle says the answer must be. `either` is for broken HTTP around an allowed message, where the
   * HTTP parser may or may not get the message through; broken HTTP around any other message must be refused.
   */
  expected: Outcome | 'either'
  /** What else the spec's outcomeOf needs to judge the answer (per-item answers of a batch, say). */
  detail?: unknown
}

export interface FuzzSpec {
  name: string
  /** Case number `index` of the run, from its own random stream. */
  generate (r: Rng, index: number): FuzzCase
  /** Reads the media server's view of an answer, or says why it is not a well-formed one. */
  outcomeOf (answer: HttpAnswer, sent: FuzzCase): Outcome | Malformed
}

export interface FuzzReport {
  /** FUZZ_SEED=<seed> replays the run: put it in every assertion about the report. */
  replay: string
  sent: number
  statuses: Record<string, number>
  kinds: Record<string, { sent: number, allowed: number }>
  /** Answers that break the oracle: 5xx, malformed, or an outcome other than expected. At most 20 kept. */
  violations: string[]
  violationCount: number
  rssGrowthMb: number
}

/**
 * A 5xx is never right, nor is an answer without a readable status line to a request read after the first. A closed
 * connection is no answer, so nothing is allowed. Broken HTTP may also be refused by Node's HTTP parser (a bare 4xx)
 * before any adapter sees it: a media server never sends such bytes. A later answer is otherwise not judged: the
 * bytes after a cut are a request anyone could send on a connection of their own.
 */
export function judge (spec: FuzzSpec, answer: HttpAnswer, sent: FuzzCase): Outcome | Malformed {
  const raw = sent.raw !== undefined
  if (answer.status >= 500) return { malformed: `HTTP ${answer.status}` }
  const later = answer.later?.find(status => status >= 500 || status === 0)
  if (later !== undefined) return { malformed: later === 0 ? 'an unreadable answer to a request after the first' : `HTTP ${later} to a request after the first` }
  if (answer.status === 0) return 'refuse'
  // headers over Node's limit (16 KiB) are refused before any adapter runs
  if (answer.status === 431) return 'refuse'
  const outcome = spec.outcomeOf(answer, sent)
  if (raw && typeof outcome === 'object' && answer.status >= 400) return 'refuse'
  return outcome
}

const preview = (bytes: Buffer | undefined): string => JSON.stringify((bytes ?? Buffer.alloc(0)).subarray(0, 300).toString('latin1'))

/**
 * Sends `count` generated cases with bounded concurrency over keep-alive connections and judges each answer:
 * never a 5xx, always a well-formed answer, and allowed exactly when the oracle says the message is an allowed shape.
 */
export async function runFuzz (target: FuzzTarget, spec: FuzzSpec, { count, seed, concurrency = 16 }: { count: number, seed: number, concurrency?: number }): Promise<FuzzReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const report: FuzzReport = { replay: `FUZZ_SEED=${seed}`, sent: 0, statuses: {}, kinds: {}, violations: [], violationCount: 0, rssGrowthMb: 0 }
  const warmup = Math.min(1000, Math.floor(count / 10))
  let rssAfterWarmup = process.memoryUsage.rss()
  let next = 0
  const violation = (index: number, c: FuzzCase, why: string): void => {
    report.violationCount++
    if (report.violations.length < 20) {
      report.violations.push(`${spec.name} seed=${seed} case=${index} (${c.kind}): ${why}; sent ${preview(c.raw ?? c.http?.body)}${c.http === undefined ? '' : ` with ${JSON.stringify(c.http.headers).slice(0, 600)} to ${JSON.stringify(c.http.path)}`}`)
    }
  }
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++
      if (index === warmup) rssAfterWarmup = process.memoryUsage.rss()
      const c = spec.generate(caseRng(seed, index), index)
      let answer: HttpAnswer
      try {
        answer = c.raw !== undefined ? await rawExchange(target.port, c.raw) : await exchange(agent, target.port, c.http!)
      } catch (err) {
        violation(index, c, `transport error ${(err as Error).message}`)
        continue
      }
      report.sent++
      report.statuses[answer.status] = (report.statuses[answer.status] ?? 0) + 1
      const kind = (report.kinds[c.kind] ??= { sent: 0, allowed: 0 })
      kind.sent++
      const outcome = judge(spec, answer, c)
      if (outcome === 'allow') kind.allowed++
      if (typeof outcome === 'object') violation(index, c, `malformed answer: ${outcome.malformed}`)
      else if (c.expected !== 'either' && outcome !== c.expected) violation(index, c, `answered ${outcome}, the oracle expected ${c.expected}`)
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    agent.destroy()
  }
  report.rssGrowthMb = (process.memoryUsage.rss() - rssAfterWarmup) / 2 ** 20
  return report
}

/** The server is still up and answering after the run. */
export async function healthz (port: number): Promise<number> {
  const agent = new Agent()
  try {
    return (await exchange(agent, port, { method: 'GET', path: '/healthz', headers: {} })).status
  } finally {
    agent.destroy()
  }
}

/** RSS may grow by this much after the warm-up: caches filling, the heap settling; a leak per message grows far past it. */
const RSS_GROWTH_BOUND_MB = 150

/** Runs a spec against a target and asserts the oracle held, the server still answers and memory stayed bounded. */
export async function fuzzAdapter (t: Test, target: FuzzTarget, spec: FuzzSpec, defaultCount: number): Promise<FuzzReport> {
  const seed = fuzzSeed()
  const count = fuzzCount(defaultCount)
  const report = await runFuzz(target, spec, { count, seed })
  const { replay } = report
  t.comment(`${spec.name}: ${report.sent} messages, ${replay}, statuses ${JSON.stringify(report.statuses)}, RSS +${report.rssGrowthMb.toFixed(1)} MB`)
  t.equal(report.violationCount, 0, `no 5xx, malformed answer or outcome against the oracle (${replay})`, { violations: report.violations })
  t.equal(report.sent, count, `every message was answered (${replay})`)
  t.equal(await healthz(target.port), 200, `the server still answers /healthz (${replay})`)
  t.ok(report.rssGrowthMb < RSS_GROWTH_BOUND_MB, `RSS grew ${report.rssGrowthMb.toFixed(1)} MB (bound ${RSS_GROWTH_BOUND_MB} MB, ${replay})`)
  const metrics = (await target.app.inject('/metrics')).body
  const labels = new Set([...metrics.matchAll(/^streamgate_decisions_total\{[^}]*reason="([^"]*)"/gm)].map(m => m[1]!))
  t.ok(labels.size > 0, `decisions were counted (${replay})`)
  t.same([...labels].filter(reason => !reasons.has(reason) || reason === 'undeclared-reason'), [], `every decision's reason is a known one (${replay})`)
  return report
}
