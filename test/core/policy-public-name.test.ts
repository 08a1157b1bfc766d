import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { allow, defineRule, deny } from '../../src/index.js'
import { buildTestApp } from '../helpers.js'

// a publish renamed to a public name (nginx-rtmp, OME) is decided by the policy for that name too (PolicySet.evaluate)

const settled: string[] = []

/** Allows, renaming to `rename` when given, with `lifetime` when given; `fail` rejects. Registers a pending write. */
const to = defineRule<{ rename?: string, lifetime?: number, fail?: boolean }>({
  id: 'to',
  optionsSchema: { type: 'object', properties: { rename: { type: 'string' }, lifetime: { type: 'number' }, fail: { type: 'boolean' } } },
  create: ({ rename, lifetime, fail }) => ({
    async evaluate (_request, ctx) {
      ctx.pending = [...(ctx.pending ?? []), { keep: () => { settled.push('kept') }, abandon: () => { settled.push('abandoned') } }]
      if (fail === true) throw new Error('boom')
      return allow('ip-allowed', { ...(rename === undefined ? {} : { stream: rename }), ...(lifetime === undefined ? {} : { lifetime }) })
    }
  })
})
const no = defineRule<Record<string, never>>({ id: 'no', optionsSchema: { type: 'object' }, create: () => ({ evaluate: () => deny('ip-denied') }) })

let connections = 0
const publish = async (app: FastifyInstance, name: string, extra: Record<string, string> = {}) => {
  const res = await app.inject({
    method: 'POST',
    url: '/nginx-rtmp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ app: 'app', flashver: 'FMLE/3.0', swfurl: '', tcurl: 'rtmp://127.0.0.1:1935/app', pageurl: '', addr: '198.51.100.7', clientid: String(++connections), call: 'publish', name, type: 'live', ...extra }).toString()
  })
  return [res.statusCode, res.headers.location]
}

t.test('a public name\'s policy that renames once more is refused (wrong-stream): the third name\'s policy was never asked', async t => {
  const { app } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true } },
    policies: [
      { name: 'secret', match: { action: 'publish', stream: 'secret-*' }, rules: [{ rule: 'no' }], default: 'deny' },
      { name: 'vip', match: { action: 'publish', stream: 'vip-*' }, rules: [{ rule: 'to', options: { rename: 'secret-x' } }], default: 'deny' },
      { name: 'any', match: { action: 'publish' }, rules: [{ rule: 'to', options: { rename: 'vip-x' } }], default: 'deny' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
    ]
  }, { rules: [to, no] })
  t.same(await publish(app, 'vip-x', { key: 'k' }), [403, undefined], 'asked as vip-x: renamed to secret-x, whose policy refuses')
  t.same(await publish(app, 'k'), [403, undefined], 'asked as the key: renamed to vip-x, then by vip\'s policy to secret-x: must be refused too')
})

t.test('an allow that names no public name goes out under the name asked for, the key as a name: that name\'s policy decides it too', async t => {
  const { app } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true } },
    policies: [
      { name: 'vip-publishers', match: { action: 'publish', stream: 'vip-*' }, rules: [{ rule: 'ip-range', options: { allow: ['192.0.2.0/24'], onAllowed: 'abstain' } }, { rule: 'stream-key' }], default: 'deny' },
      // internal encoders need no key; everyone else needs one
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'ip-range', options: { allow: ['198.51.100.0/24'], onAllowed: 'allow', onNotAllowed: 'abstain' } }, { rule: 'stream-key' }], default: 'deny' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
    ]
  })
  t.same(await publish(app, 'news'), [200, undefined], 'an internal encoder publishes news as asked')
  t.same(await publish(app, 'vip-news'), [403, undefined], 'but vip-news goes out as vip-news from outside the studio, with no key: the vip policy must refuse it')
})

t.test('the shortest lifetime the public name\'s policy gave is the decision\'s', async t => {
  const { app, logs } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true } },
    log: { level: 'info' },
    policies: [
      { name: 'vip', match: { action: 'publish', stream: 'vip-*' }, rules: [{ rule: 'to', options: { lifetime: 60 } }], default: 'deny' },
      { name: 'any', match: { action: 'publish' }, rules: [{ rule: 'to', options: { rename: 'vip-x' } }], default: 'deny' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
    ]
  }, { rules: [to] })
  t.same(await publish(app, 'k'), [302, 'vip-x'])
  t.match(logs.lines.filter(l => l.msg === 'decision'), [{ stream: 'vip-x', lifetime: 60 }], 'the decision line gives the shortest lifetime the rules gave')
})

t.test('the public name\'s policy failing refuses, and both policies\' writes are taken back', async t => {
  const { app } = await buildTestApp(t, {
    adapters: { nginxRtmp: { enabled: true } },
    policies: [
      { name: 'vip', match: { action: 'publish', stream: 'vip-*' }, rules: [{ rule: 'to', options: { fail: true } }], default: 'allow', onError: 'deny' },
      { name: 'any', match: { action: 'publish' }, rules: [{ rule: 'to', options: { rename: 'vip-x' } }], default: 'deny' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
    ]
  }, { rules: [to] })
  settled.length = 0
  t.same(await publish(app, 'k'), [403, undefined])
  t.same(settled, ['abandoned', 'abandoned'])
})
