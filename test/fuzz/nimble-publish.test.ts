import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import t from 'tap'
import {
  type FuzzCase, type Malformed, type Outcome, type Rng, fitsSchema, fuzzAdapter, hasPrototypeKey, isPlainObject, mutateBytes, mutateObject,
  parseJsonBody, randomBytes, randomValue, rawRequest, startTarget
} from './harness.js'

const PATH = '/nimble/publish'

/** Only the one stream key may publish, and only to its own stream name; no publish password, so no publishsign. */
const config = {
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, nimblePublish: { enabled: true } },
  policies: [
    { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: { bruteForce: { maxFailures: 1_000_000_000, windowSeconds: 1 } } }] },
    { rules: [], default: 'deny' }
  ]
}

const itemSchema = JSON.parse(readFileSync(new URL('../../schemas/nimble/publish-auth-item.schema.json', import.meta.url), 'utf8')) as object

type Item = Record<string, unknown>

/** The seq an answer carries for an item, or undefined when the item cannot be answered. */
function seqOf (item: unknown): string | undefined {
  if (!isPlainObject(item)) return undefined
  const { seq } = item
  return typeof seq === 'string' || (typeof seq === 'number' && Number.isFinite(seq)) ? String(seq) : undefined
}

/** An application name no web server reads as another path: valid Unicode, nothing encoded, no separator or dot tricks. */
const plainName = (name: string): boolean =>
  // eslint-disable-next-line no-control-regex
  !/[\uD800-\uDFFF\x00-\x1f\x7f\\]|%[0-9A-Fa-f]{2}/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')) && name !== '' && !name.endsWith('.')

/** The oracle for one item: success only for the key, published as its own name under any plain application name, from an IP address. */
function itemSucceeds (item: unknown, key: string): boolean {
  if (!isPlainObject(item) || !fitsSchema(itemSchema, item) || typeof item.ip !== 'string' || isIP(item.ip) === 0) return false
  const stream = String(item.stream).replace(/^\/+/, '')
  const slash = stream.indexOf('/')
  return item.id === key && slash > 0 && stream.slice(slash + 1) === 'stream' && plainName(stream.slice(0, slash))
}

/** The answers a batch must get, in order, as `seq:status`; undefined when the batch is unreadable (all refused). */
function expectedAnswers (body: Buffer, key: string): string[] | undefined {
  const parsed = parseJsonBody(body)
  if (!parsed.ok || !isPlainObject(parsed.value) || hasPrototypeKey(parsed.value)) return undefined
  const items = parsed.value.PublishAuthRequest
  if (!Array.isArray(items) || items.length > 1000) return undefined
  return items.flatMap(item => {
    const seq = seqOf(item)
    return seq === undefined ? [] : [`${seq}:${itemSucceeds(item, key) ? 'success' : 'fail'}`]
  })
}

function batchCase (kind: string, body: Buffer, key: string): FuzzCase {
  const answers = expectedAnswers(body, key)
  const expected: Outcome = answers?.some(a => a.endsWith(':success')) === true ? 'allow' : 'refuse'
  return { kind, http: { method: 'POST', path: PATH, headers: { 'content-type': 'application/json' }, body }, expected, detail: answers }
}

function generator (key: string): (r: Rng) => FuzzCase {
  const good: Item = { seq: '1', id: key, ip: '203.0.113.20', stream: 'live/stream' }
  const interesting: Record<string, unknown[]> = {
    id: [key.slice(1), `${key} `, key.toUpperCase(), 'stream', '', [key], { id: key }],
    stream: ['stream', '/live/stream', 'live//stream', 'live/stream/', 'live/Stream', 'other/stream', 'live/stream/x', 'live/streamx', '//stream', 'li', 'x'.repeat(1025)],
    seq: ['1', 1, 1.5, -1, 'x'.repeat(65), null, [], 1e308, '1'],
    ip: ['', 'x'.repeat(65), 7, 'x', '203.0.113.20:1935', '::ffff:203.0.113.20', '2001:db8::1'],
    publishsign: [Buffer.from(`id=${key}&sign=AAAAAAAAAAAAAAAAAAAAAA==`).toString('base64'), 'not base64', '']
  }
  const item = (r: Rng, seq: number): Item => r.chance(0.5)
    ? { ...good, seq: String(seq) }
    : JSON.parse(mutateObject(r, { ...good, seq: String(seq) }, interesting)) as Item
  const batch = (items: unknown[]): Buffer => Buffer.from(JSON.stringify({ PublishAuthRequest: items }))
  return r => {
    const roll = r.next()
    if (roll < 0.08) return batchCase('valid', batch([good]), key)
    if (roll < 0.55) return batchCase('mutated item', batch([item(r, 1)]), key)
    if (roll < 0.7) return batchCase('mixed batch', batch(Array.from({ length: 2 + r.int(4) }, (_, i) => item(r, r.chance(0.2) ? 1 : i + 1))), key)
    if (roll < 0.8) return batchCase('mutated bytes', mutateBytes(r, batch([good, { ...good, seq: '2', id: 'nope' }])), key)
    if (roll < 0.86) return batchCase('mutated batch', Buffer.from(mutateObject(r, { PublishAuthRequest: [good] }, { PublishAuthRequest: [good, [good], {}, null, Array(1001).fill(good)] })), key)
    if (roll < 0.92) return batchCase('random JSON', Buffer.from(JSON.stringify(randomValue(r))), key)
    if (roll < 0.95) return batchCase('random bytes', randomBytes(r, 300), key)
    const raw = mutateBytes(r, rawRequest({ method: 'POST', path: PATH, headers: { 'Content-Type': 'application/json', Connection: 'close' }, body: batch([{ ...good, id: 'nope' }]) }))
    return { kind: 'raw: damaged request', raw, expected: 'refuse' }
  }
}

/** Nimble reads one status per seq: the answers must be exactly the items' answers, in order. */
function outcomeOf (answer: { status: number, body: Buffer }, sent: FuzzCase): Outcome | Malformed {
  const parsed = parseJsonBody(answer.body)
  const list = parsed.ok && isPlainObject(parsed.value) ? parsed.value.PublishAuthResponse : undefined
  if (!Array.isArray(list)) return { malformed: `HTTP ${answer.status} without a PublishAuthResponse list` }
  const got = list.map(a => isPlainObject(a) ? `${String(a.seq)}:${String(a.status)}` : String(a))
  if (answer.status === 400 && got.length === 0) return 'refuse'
  if (answer.status !== 200) return { malformed: `HTTP ${answer.status}` }
  const want = sent.detail as string[] | undefined
  if (want !== undefined && JSON.stringify(got) !== JSON.stringify(want)) return { malformed: `answers ${JSON.stringify(got).slice(0, 200)}, expected ${JSON.stringify(want).slice(0, 200)}` }
  return got.some(a => a.endsWith(':success')) ? 'allow' : 'refuse'
}

t.test('Nimble publish control: no item of a mutated or broken batch succeeds unless it carries the key for its stream', async t => {
  const target = await startTarget(t, config)
  const key = await target.app.streamKeys.create('stream')
  const report = await fuzzAdapter(t, target, { name: 'nimble-publish', generate: generator(key), outcomeOf }, 3000)
  t.ok((report.kinds.valid?.allowed ?? 0) > 0 && (report.kinds['mutated item']?.allowed ?? 0) > 0, `the oracle is not vacuous: valid and still-valid items succeeded (${report.replay})`)
})
