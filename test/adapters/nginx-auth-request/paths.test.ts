import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { requestPathFor } from '../../../src/core/canonical-path.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import type { SchemeName } from '../../../src/signing/schemes.js'
import { buildTestApp } from '../../helpers.js'
import { rng } from '../../fuzz/harness.js'
import { variantPolicies } from '../../path-variants.js'

const KEY = randomBytes(32).toString('hex')
const IP = '198.51.100.7'
const queryOf = (url: string): string => url.slice(url.indexOf('?') + 1)

/** The subrequest nginx sends for a request target; the answer as status and X-Streamgate-Reason. */
async function decide (app: FastifyInstance, target: string): Promise<string> {
  const headers = { 'x-original-uri': Buffer.from(target).toString('latin1'), 'x-real-ip': IP, 'x-forwarded-for': IP, host: 'media.example.com' }
  const res = await app.inject({ method: 'GET', url: '/nginx/auth', headers })
  return `${res.statusCode} ${String(res.headers['x-streamgate-reason'])}`
}

const SEGMENTS = ['hls', 'vip-2', 'vip-3', 'free', 'index.m3u8', '0.ts', 'x']
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
const encodeChar = (c: string): string => '%' + c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()

/**
 * Another way to ask nginx for `path`, built so that nginx serves `path` for it: characters percent-encoded
 * (separators too), `.` and `x/..` segments inserted, slashes doubled.
 */
function disguise (next: () => number, path: string): string {
  const segments = path.slice(1).split('/')
  let out = ''
  for (const segment of segments) {
    const separator = next() < 0.2 ? '%2F' : next() < 0.2 ? '//' : '/'
    const detour = next() < 0.2 ? `${pick(next, ['.', '%2E', 'zz/..', 'zz/%2E%2E', 'zz%2F..'])}/` : ''
    const encoded = segment.replace(/./g, c => next() < 0.3 ? encodeChar(c) : c)
    out += (out === '' ? '/' : separator) + detour + encoded
  }
  return out
}

t.test('property: a decision depends on the canonical path only', async t => {
  const { app } = await buildTestApp(t, { server: { port: 0 }, adapters: { nimble: { enabled: false }, nginx: { enabled: true, reasonHeader: true } }, policies: variantPolicies(KEY) })
  const token = queryOf(signUrl({ stream: '/hls/vip-2/index.m3u8', scope: '/hls/vip-2/*', key: KEY, kid: 'web1', ttl: 300 }))
  const r = rng(0xdec1de)
  const next = (): number => r.next()
  const answers = new Set<string>()
  for (let i = 0; i < 300; i++) {
    const path = '/' + Array.from({ length: 2 + Math.floor(next() * 2) }, (_, n) => n === 0 && next() < 0.8 ? 'hls' : pick(next, SEGMENTS)).join('/')
    const query = next() < 0.5 ? `?${token}` : ''
    const plain = await decide(app, requestPathFor(path) + query)
    const disguised = disguise(next, path)
    t.equal(await decide(app, disguised + query), plain, `${disguised}${query === '' ? '' : ' with a token'} is ${path}`)
    answers.add(plain)
  }
  t.ok(answers.size >= 3, `the cases reach ${[...answers].join(', ')}`)
})

/** Each scheme as the signer can make it: secure_link's default expression holds $remote_addr. */
const SCHEMES: Array<{ scheme: SchemeName, scope?: string, ip?: string }> = [
  { scheme: 'native', scope: '/hls/free/*' },
  { scheme: 'akamai', scope: '/hls/free/*' },
  { scheme: 'nimble', scope: '/hls/free/' },
  { scheme: 'nginx-secure-link', ip: IP },
  { scheme: 'wowza' }
]

t.test('per token scheme: a token for one stream opens no other through the path', async t => {
  for (const { scheme, scope, ip } of SCHEMES) {
    const rule = { rule: 'signed-token', options: { scheme, keys: [{ id: 'k', secret: KEY }], onMissing: 'deny', onInvalid: 'deny' } }
    const { app } = await buildTestApp(t, { server: { port: 0 }, adapters: { nimble: { enabled: false }, nginx: { enabled: true, reasonHeader: true } }, policies: [{ name: 'all', rules: [rule], default: 'deny' }] })
    const signed = signUrl({ stream: '/hls/free/index.m3u8', key: KEY, kid: 'k', ttl: 300, scheme, ...(ip === undefined ? {} : { ip }), ...(scope === undefined ? {} : { scope }) })
    const query = `?${queryOf(signed)}`
    t.match(await decide(app, `/hls/free/index.m3u8${query}`), /^204 /, `${scheme}: the signed stream`)
    t.match(await decide(app, `/hls//free/./index.m3u8${query}`), /^204 /, `${scheme}: the signed stream, however it is written`)
    for (const target of ['/hls/free/..%2Fvip-2/index.m3u8', '/hls/free/../vip-2/index.m3u8', '/hls/%2E%2E/hls/vip-2/index.m3u8', '/hls/free%2F..%2F..%2Fhls/vip-2/index.m3u8']) {
      t.match(await decide(app, target + query), /^403 signed-token:token-/, `${scheme}: ${target}`)
    }
  }
})
