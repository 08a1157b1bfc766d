import { isIP } from 'node:net'
import t from 'tap'
import {
  type FuzzCase, type Malformed, type Outcome, type Rng, fuzzAdapter, invalidUtf8, isAddress, mutateBytes, randomBytes, randomString, rawRequest, startTarget
} from './harness.js'

const ALLOWED_IP = '198.51.100.7'
const PATH = '/nginx-rtmp'
const KEY_ARG = 'key'
const DONE = ['publish_done', 'play_done', 'done', 'disconnect']

/**
 * Only the one viewer address may play live/stream; only the one stream key may publish (as the name, or in
 * the key argument). The brute-force guard is set out of reach so that it cannot refuse a valid key here.
 */
const config = {
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, nginxRtmp: { enabled: true } },
  publish: { keyArg: KEY_ARG },
  policies: [
    { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: { bruteForce: { maxFailures: 1_000_000_000, windowSeconds: 1 } } }] },
    { name: 'fuzz', match: { app: 'live', stream: 'stream', action: 'play' }, rules: [{ rule: 'ip-range', options: { allow: [ALLOWED_IP] } }], default: 'deny' }
  ]
}

type Form = Array<[string, string]>

// no clientid: no message is held to the stream of an earlier one on its connection (test/adapters/nginx-rtmp covers that)
const common: Form = [['tcurl', 'rtmp://127.0.0.1:1935/live'], ['flashver', 'LNX 9,0,124,2'], ['swfurl', ''], ['pageurl', '']]
const seedsFor = (key: string): Form[] => [
  [['call', 'play'], ['app', 'live'], ['name', 'stream'], ['addr', ALLOWED_IP], ...common],
  [['call', 'update_play'], ['app', 'live'], ['name', 'stream'], ['addr', ALLOWED_IP], ['time', '30'], ...common],
  [['call', 'publish'], ['app', 'live'], ['name', key], ['addr', '203.0.113.20'], ['type', 'live'], ...common],
  [['call', 'publish'], ['app', 'live'], ['name', 'stream'], ['addr', '203.0.113.20'], [KEY_ARG, key], ...common],
  [['call', 'update_publish'], ['app', 'live'], ['name', 'stream'], ['addr', '203.0.113.20'], ['args', `${KEY_ARG}=${encodeURIComponent(key)}&x=1`], ...common],
  [['call', 'connect'], ['app', 'live'], ['addr', '203.0.113.20'], ...common],
  [['call', 'publish_done'], ['app', 'live'], ['name', key], ['addr', '203.0.113.20'], ...common]
]

const CALLS = ['connect', 'publish', 'play', 'update_publish', 'update_play', ...DONE]

/**
 * Whether a publish's path (the app, and the name when the key is in an argument) is whole names the strict rules
 * take: plain names certainly are; empty, `.` and `..` segments and a trailing dot certainly are not; for other
 * characters the oracle does not say.
 */
function publishPath (app: string, name: string | undefined): Outcome | 'unsure' {
  const segments = [app, ...(name === undefined ? [] : [name])].flatMap(s => s.split('/'))
  if (app === '') return 'unsure'
  if (segments.some(s => s === '' || s === '.' || s === '..' || s.endsWith('.'))) return 'refuse'
  return segments.every(s => /^[A-Za-z0-9_.~-]+$/.test(s)) ? 'allow' : 'unsure'
}

/** The oracle: decides a form body the way the hooks are documented to, from the parsed fields. */
function expected (body: string, key: string): Outcome | 'unsure' {
  const fields = new Map<string, string[]>()
  for (const [name, value] of new URLSearchParams(body)) fields.set(name, [...(fields.get(name) ?? []), value])
  const one = (name: string): string => fields.get(name)?.[0] ?? ''
  const call = fields.get('call')
  if (call?.length !== 1 || !CALLS.includes(one('call'))) return 'refuse'
  if (DONE.includes(one('call'))) return 'allow' // nginx ignores the answer; streamgate always says 200
  // each field: a string or a list of at most 16, each at most 4096 characters
  for (const values of fields.values()) if (values.length > 16 || values.some(v => v.length > 4096)) return 'refuse'
  // every other hook names its client by address (the seeds are no nginx-rtmp relays)
  if (isIP(one('addr')) === 0) return 'refuse'
  switch (one('call')) {
    case 'connect': return 'allow'
    case 'play':
    case 'update_play': {
      // nginx-rtmp's app and name are whole names: `stream/x` is another stream than `stream`
      return isAddress(one('addr'), ALLOWED_IP) && one('app') === 'live' && one('name') === 'stream' ? 'allow' : 'refuse'
    }
    default: {
      const argKey = new URLSearchParams(one('args')).get(KEY_ARG) ?? fields.get(KEY_ARG)?.[0]
      // the key is never part of the path: the published name is, when the key came in an argument and there is one
      return (argKey ?? one('name')) === key ? publishPath(one('app'), argKey === undefined || one('name') === '' ? undefined : one('name')) : 'refuse'
    }
  }
}

const encode = (form: Form): string => new URLSearchParams(form).toString()

/** One field changed, dropped, repeated or added; near misses of the key and of the stream. */
function mutateForm (r: Rng, form: Form, key: string): Form {
  const next: Form = form.map(([k, v]) => [k, v])
  const near = [key, key.slice(1), key + 'x', key.toUpperCase(), ` ${key}`, 'stream', 'stream/x', 'stream?x', '../stream', 'Stream', 'live', ALLOWED_IP, `::ffff:${ALLOWED_IP}`, '', randomString(r)]
  for (let i = 1 + r.int(3); i > 0; i--) {
    const at = r.int(next.length)
    const [name] = next[at] ?? ['call']
    switch (r.int(5)) {
      case 0: next[at] = [name, r.pick(near)]; break
      case 1: next.splice(at, 1); break
      case 2: next.splice(r.int(next.length + 1), 0, [r.chance(0.5) ? name : r.pick(['call', 'name', 'app', 'addr', KEY_ARG, 'args']), r.pick([...near, ...CALLS])]); break
      case 3: next.push([r.pick([KEY_ARG, 'args', randomString(r).slice(0, 12)]), r.pick([key, `${KEY_ARG}=${key}`, randomString(r)])]); break
      default: next[at] = [name, 'x'.repeat(r.pick([4096, 4097, 70_000]))]
    }
  }
  return next
}

function formCase (kind: string, body: Buffer, key: string, contentType = 'application/x-www-form-urlencoded'): FuzzCase {
  const oracle = expected(body.toString('utf8'), key)
  // bytes that are not UTF-8 text may be decoded differently by the two readers: only a refusal is certain then
  const certain = !body.includes(0x25) && body.toString('utf8') === body.toString('latin1')
  return { kind, http: { method: 'POST', path: PATH, headers: { 'content-type': contentType }, body }, expected: (certain && oracle !== 'unsure') || oracle === 'refuse' ? oracle : 'either' }
}

function generator (key: string): (r: Rng) => FuzzCase {
  const seeds = seedsFor(key)
  return r => {
    const seed = r.pick(seeds)
    const roll = r.next()
    if (roll < 0.08) return formCase('valid', Buffer.from(encode(seed)), key)
    if (roll < 0.6) return formCase('mutated fields', Buffer.from(encode(mutateForm(r, seed, key))), key)
    if (roll < 0.8) return formCase('mutated bytes', mutateBytes(r, Buffer.from(encode(seed))), key)
    if (roll < 0.85) return formCase('random bytes', randomBytes(r, 300), key)
    if (roll < 0.88) return formCase('invalid UTF-8', Buffer.concat([Buffer.from(encode(seed)), Buffer.from('&name='), invalidUtf8(r)]), key)
    if (roll < 0.92) {
      // a JSON body is not what nginx-rtmp sends: never read as a form, so refused
      const c = formCase('JSON body', Buffer.from(JSON.stringify(Object.fromEntries(seed))), key, r.pick(['application/json', 'text/plain']))
      c.expected = 'refuse'
      return c
    }
    const raw = mutateBytes(r, rawRequest({ method: 'POST', path: PATH, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Connection: 'close' }, body: Buffer.from(encode(seed)) }))
    const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4)
    return { kind: 'raw: damaged request', raw, expected: expected(body.toString('utf8'), key) === 'refuse' ? 'refuse' : 'either' }
  }
}

/** nginx-rtmp: 2xx goes on, 3xx renames a publish to its Location, anything else disconnects. */
function outcomeOf (answer: { status: number, headers: Record<string, string | string[] | undefined> }): Outcome | Malformed {
  if (answer.status === 200) return 'allow'
  if (answer.status === 302) return answer.headers.location === 'stream' ? 'allow' : { malformed: `302 to ${String(answer.headers.location)}` }
  if (answer.status === 403) return 'refuse'
  return { malformed: `HTTP ${answer.status}` }
}

t.test('nginx-rtmp notify hooks: mutated and broken forms never play or publish unless they are the allowed shape', async t => {
  const target = await startTarget(t, config)
  const key = await target.app.streamKeys.create('stream')
  const report = await fuzzAdapter(t, target, { name: 'nginx-rtmp', generate: generator(key), outcomeOf }, 3000)
  t.ok((report.kinds.valid?.allowed ?? 0) > 0 && (report.kinds['mutated fields']?.allowed ?? 0) > 0, `the oracle is not vacuous: valid and still-valid mutated messages were allowed (${report.replay})`)
})
