import { randomBytes } from 'node:crypto'
import t from 'tap'
import { compileGlob } from '../../../src/core/glob.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import { buildTestApp, nimble, nimbleBody } from '../../helpers.js'
import { FREE, PATH_VARIANTS, VIP, variantPolicies, withQuery } from '../../path-variants.js'

const KEY = randomBytes(32).toString('hex')
const queryOf = (url: string): string => url.slice(url.indexOf('?') + 1)

t.test('every path variant through /nimble/auth: refused when Nimble could read it otherwise, else decided on its canonical path', async t => {
  const { app, logs } = await buildTestApp(t, { server: { port: 0 }, log: { level: 'info' }, policies: variantPolicies(KEY) })
  const rights = {
    none: '',
    vip: queryOf(signUrl({ stream: VIP, scope: '/hls/vip-2/*', key: KEY, kid: 'web1', ttl: 300 })),
    free: queryOf(signUrl({ stream: FREE, scope: '/hls/free/*', key: KEY, kid: 'web1', ttl: 300 }))
  }
  const protectedStream = compileGlob('vip-*')
  for (const variant of PATH_VARIANTS) {
    for (const [right, query] of Object.entries(rights)) {
      const label = `${variant.target} (token: ${right})`
      const before = logs.lines.length
      const res = await nimble(app, nimbleBody({ url: query === '' ? variant.target : withQuery(variant.target, query) }))
      const decisions = logs.lines.slice(before).filter(l => l.msg === 'decision')
      t.equal(decisions.length, 1, `${label}: one decision`)
      if (!variant.strict.startsWith('/')) {
        t.equal(res.status, 403, `${label}: refused`)
        t.match(decisions, [{ rule: 'adapter', reason: variant.strict }], `${label}: as ${variant.strict}`)
        continue
      }
      const path = variant.strict
      const [, app_ = '', stream = ''] = path.split('/')
      t.match(decisions, [{ path, app: app_, stream }], `${label}: decided on ${path}`)
      const permitted = app_ !== 'hls' || !protectedStream(stream) || (right === 'vip' && path.startsWith('/hls/vip-2/'))
      t.equal(res.status, permitted ? 200 : 403, label)
    }
  }
})

t.test('an Akamai acl cannot be stretched to another stream with an encoded slash or dot segments', async t => {
  const akamai = { scheme: 'akamai', keys: [{ id: 'a', secret: randomBytes(32).toString('hex'), encoding: 'hex' }], onMissing: 'deny', onInvalid: 'deny' }
  const { app } = await buildTestApp(t, { server: { port: 0 }, policies: [{ name: 'all', rules: [{ rule: 'signed-token', options: akamai }], default: 'deny' }] })
  const signed = signUrl({ stream: '/live/free/index.m3u8', scope: '/live/free/*', key: akamai.keys[0]?.secret ?? '', keyEncoding: 'hex', kid: 'a', scheme: 'akamai', ttl: 300 })
  const query = queryOf(signed)
  t.equal((await nimble(app, nimbleBody({ url: `/live/free/index.m3u8?${query}` }))).status, 200, 'the stream the acl names')
  for (const path of ['/live/free/..%2Fvip-2/index.m3u8', '/live/free/../vip-2/index.m3u8', '/live/free/%2E%2E/vip-2/index.m3u8', 'http://h/live/free/..%2fvip-2/index.m3u8', '/live/free/%252E%252E/vip-2/index.m3u8']) {
    t.equal((await nimble(app, nimbleBody({ url: `${path}?${query}` }))).status, 403, path)
  }
})
