import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import type { AccessRequest } from '../../src/core/access-request.js'
import { escapeEarly } from '../../src/signing/akamai.js'
import type { TokenCheck } from '../../src/signing/scheme.js'
import { type SchemeName, schemes } from '../../src/signing/schemes.js'
import { wowzaHashInput } from '../../src/signing/wowza.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

/*
 * "No edit of a valid token's fields yields a token that verifies with a different address binding, viewer id,
 * stream scope or lifetime." A valid token's binding is the set of requests (path, address, time) it verifies
 * for, with the viewer id it yields: an edited token may verify only for requests the original verifies for, and
 * must yield the same viewer id there. Edits re-cut the fields (text moved across a field boundary, an address's
 * characters moved into an id, digits moved between validminutes and the stream) as well as change, drop, repeat
 * and reorder them; requests are drawn near the original (the address with a character more or less, sibling
 * streams, times around the window).
 */

const RUNS = 1500
const ISSUED = 1_700_000_000
const IPS = ['198.51.100.7', '198.51.100.74', '198.51.100.4', '1.2.3.4', '1.2.3.45', '12.3.4.5', '2.3.4.5', '127.0.0.1', '27.0.0.1', '2001:db8::1', '2001:db8::1a', '::1']
const APPS = ['live', 'nim', 'vod', '1live', 'l']
const STREAMS = ['stream', 'stream2', 'streamVIP', 'str', 's', '0stream']
const FILES = ['', 'playlist.m3u8', 'index.m3u', 'seg1.ts', 'link1', 'link']

const ip = fc.oneof(fc.constantFrom(...IPS), fc.ipV4())
const path = fc.tuple(fc.constantFrom(...APPS), fc.constantFrom(...STREAMS), fc.constantFrom(...FILES))
  .map(([app, stream, file]) => `/${app}/${stream}${file === '' ? '' : `/${file}`}`)
const viewer = fc.oneof(fc.constantFrom('4', '5', '12345', 'acct-1', 'ID_7', 'a', 'x.1'), fc.string({ minLength: 1, maxLength: 6 }).filter(s => !/[&=]/.test(s)))
const ttl = fc.constantFrom(60, 600, 1200, 3600)

interface Request { path: string, ip: string, now: number }

/** A request near the original one: the same or a neighbouring path and address, a time around the window. */
function near (original: Request): fc.Arbitrary<Request> {
  const shifted = [original.ip, `${original.ip}4`, `1${original.ip}`, original.ip.slice(0, -1), original.ip.slice(1)]
  return fc.oneof({ arbitrary: fc.constant(original), weight: 1 }, { arbitrary: fc.record({
    path: fc.oneof(fc.constant(original.path), path, fc.constantFrom(`${original.path}1`, original.path.slice(0, -1), `${original.path}/x`)),
    ip: fc.oneof(fc.constantFrom(...shifted), ip),
    now: fc.oneof(fc.constant(original.now), fc.integer({ min: ISSUED - 4000, max: ISSUED + 8000 }))
  }), weight: 3 })
}

/** A token as the scheme's fields, with how to put it back into a request. */
interface Token<F> { fields: F, toRequest: (fields: F, request: Request) => AccessRequest }

function checkProperty<F> (t: Test, name: string, arbitrary: fc.Arbitrary<{ token: Token<F>, original: Request, verify: (r: AccessRequest, now: number) => TokenCheck }>, edit: (fields: F, original: Request) => fc.Arbitrary<F>): void {
  const cases = arbitrary.chain(c => fc.tuple(fc.constant(c), fc.oneof({ arbitrary: fc.constant(c.token.fields), weight: 1 }, { arbitrary: edit(c.token.fields, c.original), weight: 4 }), near(c.original)))
  let widened: string | undefined
  let accepted = 0
  fc.assert(fc.property(cases, ([c, edited, request]) => {
    const own = c.verify(c.token.toRequest(c.token.fields, c.original), c.original.now)
    if (!own.ok) throw new Error(`${name}: the signer's own token does not verify: ${JSON.stringify(own)}`)
    const check = c.verify(c.token.toRequest(edited, request), request.now)
    if (!check.ok) return true
    accepted++
    const original = c.verify(c.token.toRequest(c.token.fields, request), request.now)
    const same = original.ok && original.subject === check.subject
    if (!same) widened = JSON.stringify({ fields: c.token.fields, edited, request, check, original })
    return same
  }), { numRuns: RUNS })
  t.equal(widened, undefined, `${name}: no edit widened a binding`)
  t.ok(accepted > 0, `${name}: some edits verified (${accepted}), within the original binding`)
}

const optionsOf = (scheme: SchemeName, extra: Record<string, unknown> = {}) =>
  ruleOptions({ scheme, keys: [scheme === 'akamai' ? { id: 'k', secret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', encoding: 'hex' } : { id: 'k', secret: 'binding-test-key-0123456789abcdef' }], clockSkewSeconds: 0, ...extra })
const verifierOf = (options: ReturnType<typeof optionsOf>) => {
  const verifier = schemes[options.scheme].verifier(options, keysOf(options))
  return (r: AccessRequest, now: number) => verifier.verify(r, now)
}

/** Re-cuts a text at another place: k characters of one part move to its neighbour. */
function recut (parts: string[], at: number, k: number): string[] {
  const i = Math.min(at, parts.length - 2)
  if (i < 0) return parts
  const out = [...parts]
  const left = out[i] ?? ''
  const right = out[i + 1] ?? ''
  if (k > 0) { out[i] = left.slice(0, -k); out[i + 1] = left.slice(-k) + right } else { out[i] = left + right.slice(0, -k); out[i + 1] = right.slice(-k) }
  return out
}
const recutArb = fc.tuple(fc.nat(8), fc.integer({ min: -3, max: 3 }).filter(k => k !== 0))

t.test('nimble wmsAuthSign: edits never widen a binding', async t => {
  type F = Array<[string, string]>
  // pinned validminutes (none beginning another, one per ttl but 600 s) let streams start with a digit: 1live, 0stream
  for (const [requireIp, validMinutes] of [[false], [true], [false, [1, 20, 60]]] as Array<[boolean, number[]?]>) {
    const options = optionsOf('nimble', { nimble: { requireIp, ...(validMinutes === undefined ? {} : { validMinutes }) } })
    const verify = verifierOf(options)
    const key = keysOf(options)[0]!
    const arbitrary = fc.record({ p: path, ip, id: fc.option(viewer, { nil: undefined }), bindIp: fc.boolean(), ttl }).filter(g => requireIp ? g.bindIp : true).chain(g => {
      let sig: string
      try {
        sig = schemes.nimble.sign({ path: g.p, key, issuedAt: ISSUED, expires: ISSUED + g.ttl, ...(g.bindIp ? { ip: g.ip } : {}), ...(g.id === undefined ? {} : { viewerId: g.id }) }, options).wmsAuthSign ?? ''
      } catch {
        return fc.constant(undefined)
      }
      const fields = Buffer.from(sig, 'base64').toString().split('&').map(p => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string])
      const toRequest = (f: F, r: Request) => accessRequest(`${r.path}?wmsAuthSign=${Buffer.from(f.map(([n, v]) => `${n}=${v}`).join('&')).toString('base64')}`, r.ip)
      return fc.constant({ token: { fields, toRequest }, original: { path: g.p, ip: g.ip, now: ISSUED + 1 }, verify })
    }).filter((c): c is NonNullable<typeof c> => c !== undefined)
    checkProperty<F>(t, `nimble (requireIp ${requireIp}${validMinutes === undefined ? '' : `, validMinutes ${validMinutes.join(' ')}`})`, arbitrary, (fields, original) => {
      const get = (name: string) => fields.find(([n]) => n === name)?.[1]
      const set = (f: F, name: string, value: string | undefined): F => value === undefined ? f.filter(([n]) => n !== name) : [...f.filter(([n]) => n !== name), [name, value]]
      const id = get('id') ?? ''
      const ids = fc.constantFrom(undefined, '', original.ip, `${original.ip}${id}`, original.ip.slice(-1) + id, original.ip.slice(-2) + id, `${id}4`, id.slice(1), '4')
      const valid = get('validminutes') ?? ''
      const validminutes = fc.constantFrom(valid, `${valid}0`, valid.slice(0, -1), `1${valid}`, valid.slice(1))
      const strmLen = Number(get('strm_len') ?? '0')
      const op = fc.oneof(
        ids.map(v => (f: F) => set(f, 'id', v)),
        fc.constantFrom(undefined, 'true', 'false').map(v => (f: F) => set(f, 'checkip', v)),
        validminutes.map(v => (f: F) => set(f, 'validminutes', v)),
        fc.integer({ min: -3, max: 3 }).map(d => (f: F) => set(f, 'strm_len', d === -3 ? undefined : String(Math.max(0, strmLen + d)))),
        fc.constantFrom('server_time', 'hash_value').map(name => (f: F) => set(f, name, get(name)))
      )
      return fc.array(op, { minLength: 1, maxLength: 4 }).map(ops => ops.reduce((f, apply) => apply(f), fields))
    })
  }
})

t.test('native token: edits never widen a binding', async t => {
  const options = optionsOf('native')
  const verify = verifierOf(options)
  const key = keysOf(options)[0]!
  type F = { body: string, mac: string }
  const arbitrary = fc.record({ p: path, ip, id: fc.option(viewer, { nil: undefined }), bindIp: fc.boolean(), prefix: fc.boolean(), ttl }).map(g => {
    const token = schemes.native.sign({ path: g.p, ...(g.prefix ? { scope: `${g.p}*` } : {}), key, issuedAt: ISSUED, expires: ISSUED + g.ttl, ...(g.bindIp ? { ip: g.ip } : {}), ...(g.id === undefined ? {} : { viewerId: g.id }) }, options).token ?? ''
    const [body = '', mac = ''] = token.split('.')
    const toRequest = (f: F, r: Request) => accessRequest(`${r.path}?token=${f.body}.${f.mac}`, r.ip)
    return { token: { fields: { body, mac }, toRequest }, original: { path: g.p, ip: g.ip, now: ISSUED + 1 }, verify }
  })
  checkProperty<F>(t, 'native', arbitrary, fields => {
    const claims = JSON.parse(Buffer.from(fields.body, 'base64url').toString()) as Record<string, unknown>
    const edits = fc.record({ path: fc.option(path.map(p => `${p}*`)), exp: fc.option(fc.integer({ min: ISSUED, max: ISSUED + 99999 })), ip: fc.option(ip), sub: fc.option(viewer) }, { requiredKeys: [] })
    return fc.oneof(
      edits.map(e => ({ ...fields, body: Buffer.from(JSON.stringify({ ...claims, ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null)) })).toString('base64url') })),
      recutArb.map(([at, k]) => { const [body = '', mac = ''] = recut([fields.body, fields.mac], at, k); return { body, mac } })
    )
  })
})

t.test('nginx secure_link: edits never widen a binding', async t => {
  const options = optionsOf('nginx-secure-link')
  const verify = verifierOf(options)
  const key = keysOf(options)[0]!
  type F = { md5: string, expires: string }
  const arbitrary = fc.record({ p: path, ip, ttl }).map(g => {
    const fields = schemes['nginx-secure-link'].sign({ path: g.p, key, issuedAt: ISSUED, expires: ISSUED + g.ttl, ip: g.ip }, options) as F
    const toRequest = (f: F, r: Request) => accessRequest(`${r.path}?md5=${f.md5}&expires=${f.expires}`, r.ip)
    return { token: { fields, toRequest }, original: { path: g.p, ip: g.ip, now: ISSUED + 1 }, verify }
  })
  checkProperty<F>(t, 'nginx-secure-link', arbitrary, fields => fc.oneof(
    fc.constantFrom(fields.expires, `${fields.expires}0`, fields.expires.slice(0, -1), `1${fields.expires}`).map(expires => ({ ...fields, expires })),
    recutArb.map(([at, k]) => { const [md5 = '', expires = ''] = recut([fields.md5, fields.expires], at, k); return { md5, expires } })
  ))
})

/** Akamai tokens as EdgeAuth-Token-Python makes them (see akamai-reference.test.ts), escape_early or not, ACL or URL. */
t.test('akamai EdgeAuth: edits never widen a binding', async t => {
  const options = optionsOf('akamai')
  const verify = verifierOf(options)
  const key = options.keys[0].secret
  type F = { parts: string[], name: string, where: 'query' | 'cookie', escaped: boolean }
  const arbitrary = fc.record({ p: path, ip, bindIp: fc.boolean(), escape: fc.boolean(), url: fc.boolean(), data: fc.option(fc.stringMatching(/^[A-Za-z0-9 +%/@:.]{0,6}$/), { nil: undefined }), ttl }).map(g => {
    const esc = (text: string): string => g.escape ? escapeEarly(text) : text
    const acl = g.p.split('/').length > 3 ? `${g.p.split('/').slice(0, 3).join('/')}/*` : g.p
    const parts = [...(g.bindIp ? [`ip=${esc(g.ip)}`] : []), `st=${ISSUED}`, `exp=${ISSUED + g.ttl}`, ...(g.url ? [] : [`acl=${acl}`]), ...(g.data === undefined || g.data === '' ? [] : [`data=${esc(g.data)}`])]
    const source = [...parts, ...(g.url ? [`url=${esc(g.p)}`] : [])].join('~')
    parts.push(`hmac=${createHmac('sha256', Buffer.from(key, 'hex')).update(source).digest('hex')}`)
    const toRequest = (f: F, r: Request) => {
      const text = f.parts.join('~')
      const sent = f.escaped ? encodeURIComponent(text) : text
      return f.where === 'query' ? accessRequest(`${r.path}?${f.name}=${sent}`, r.ip) : accessRequest(r.path, r.ip, { cookies: { [f.name]: sent } })
    }
    // escape_early tokens go into URLs as they are; others are escaped for the URL, as they may hold ' ', '+' and '%'
    return { token: { fields: { parts, name: '__token__', where: 'query' as const, escaped: !g.escape }, toRequest }, original: { path: g.p, ip: g.ip, now: ISSUED + 1 }, verify }
  })
  checkProperty<F>(t, 'akamai', arbitrary, fields => {
    const op = fc.oneof(
      fc.nat(8).map(i => (f: F) => ({ ...f, parts: f.parts.filter((_, j) => j !== i % f.parts.length) })),
      fc.tuple(fc.nat(8), fc.nat(8)).map(([i, j]) => (f: F) => { const parts = [...f.parts]; const a = i % parts.length; const b = j % parts.length; [parts[a], parts[b]] = [parts[b] ?? '', parts[a] ?? '']; return { ...f, parts } }),
      fc.nat(8).map(i => (f: F) => ({ ...f, parts: [...f.parts.slice(0, i), ...f.parts.slice(i % f.parts.length, (i % f.parts.length) + 1), ...f.parts.slice(i)] })),
      fc.tuple(fc.constantFrom('ip', 'st', 'exp', 'acl', 'id', 'data'), fc.constantFrom('/*', '/live/*', '1.2.3.4', '4102444800', '0', '', 'x~acl=/*', '198.51.100.74'), fc.nat(8))
        .map(([name, value, i]) => (f: F) => ({ ...f, parts: [...f.parts.slice(0, i), `${name}=${value}`, ...f.parts.slice(i)] })),
      recutArb.map(([at, k]) => (f: F) => ({ ...f, parts: recut(f.parts, at, k) })),
      fc.constantFrom('__token__', 'hdnts', 'token').map(name => (f: F) => ({ ...f, name })),
      fc.constantFrom('query', 'cookie').map(where => (f: F) => ({ ...f, where })),
      fc.boolean().map(escaped => (f: F) => ({ ...f, escaped }))
    )
    return fc.array(op, { minLength: 1, maxLength: 4 }).map(ops => ops.reduce((f, apply) => apply(f), fields))
  })
})

t.test('wowza SecureToken: edits never widen a binding', async t => {
  for (const [order, includeClientIp] of [['pairs', false], ['pairs', true], ['names', false], ['names', true]] as const) {
    const options = optionsOf('wowza', { wowza: { order, includeClientIp } })
    const verify = verifierOf(options)
    const secret = options.keys[0].secret
    type F = Array<[string, string]>
    const custom = fc.dictionary(fc.constantFrom('wowzatokenp1', 'wowzatokenp10', 'wowzatokenCustom', 'wowzatokenx'), fc.constantFrom('x', 'y', '1', 'abc'), { maxKeys: 3 })
    const arbitrary = fc.record({ p: path, ip, custom, start: fc.boolean(), ttl }).map(g => {
      const params: F = [...Object.entries(g.custom), ...(g.start ? [['wowzatokenstarttime', String(ISSUED)] as [string, string]] : []), ['wowzatokenendtime', String(ISSUED + g.ttl)]]
      const hash = createHash('sha256').update(wowzaHashInput(accessRequest(g.p).url, params, secret, includeClientIp ? g.ip : undefined, order)).digest('base64url')
      const fields: F = [...params, ['wowzatokenhash', hash]]
      const toRequest = (f: F, r: Request) => accessRequest(`${r.path}?${f.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&')}`, r.ip)
      return { token: { fields, toRequest }, original: { path: g.p, ip: g.ip, now: ISSUED + 1 }, verify }
    })
    checkProperty<F>(t, `wowza (${order}, includeClientIp ${includeClientIp})`, arbitrary, fields => {
      const op = fc.oneof(
        fc.nat(8).map(i => (f: F) => f.filter((_, j) => j !== i % f.length || f[j]?.[0] === 'wowzatokenhash')),
        fc.tuple(fc.nat(8), fc.nat(8)).map(([i, j]) => (f: F) => {
          const a = f[i % f.length]
          const b = f[j % f.length]
          if (a === undefined || b === undefined || a === b || b[0] === 'wowzatokenhash') return f
          return f.filter(p => p !== b).map(p => p === a ? [a[0], `${a[1]}&${b[0]}=${b[1]}`] as [string, string] : p)
        }),
        fc.tuple(fc.nat(8), fc.constantFrom('wowzatokenendtime', 'wowzatokenstarttime', 'wowzatokenp1', 'wowzatokenp1=x&wowzatokenendtime')).map(([i, name]) => (f: F) => f.map((p, j) => j === i % f.length && p[0] !== 'wowzatokenhash' ? [name, p[1]] as [string, string] : p)),
        fc.tuple(fc.nat(8), fc.constantFrom('4102444800', '0', '1', '')).map(([i, value]) => (f: F) => f.map((p, j) => j === i % f.length && p[0] !== 'wowzatokenhash' ? [p[0], value] as [string, string] : p)),
        recutArb.map(([at, k]) => (f: F) => {
          const texts = recut(f.filter(p => p[0] !== 'wowzatokenhash').map(([n, v]) => `${n}=${v}`), at, k)
          return [...texts.map(text => [text.slice(0, Math.max(0, text.indexOf('='))), text.slice(text.indexOf('=') + 1)] as [string, string]), ...f.filter(p => p[0] === 'wowzatokenhash')]
        })
      )
      return fc.array(op, { minLength: 1, maxLength: 3 }).map(ops => ops.reduce((f, apply) => apply(f), fields))
    })
  }
})
