import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import t from 'tap'
import type { AccessRequest } from '../../src/core/access-request.js'
import { allow, defineRule, deny } from '../../src/index.js'
import { StreamKeys } from '../../src/publish/stream-keys.js'
import streamKeyRule from '../../src/rules/stream-key.js'
import { MemoryStore } from '../../src/stores/memory.js'
import { buildTestApp, keyPolicy, oneChain } from '../helpers.js'

/** Each hook on a connection of its own, as separate publishers are (one stream per nginx-rtmp connection). */
let connections = 0

const PASSWORD = 'defaultpassword'
/** Nimble's documented publishsign for ID_1, /live/stream, defaultpassword, 127.0.0.1. */
const SIGNED = Buffer.from('id=ID_1&sign=oyf/XTpK3G7BD8JjpVquTw==&ip=127.0.0.1').toString('base64')

function request (action: 'play' | 'publish', overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    action,
    protocol: 'RTMP',
    host: 'h',
    url: { href: 'rtmp://h/live/benw', path: '/live/benw', app: 'live', stream: 'benw', query: {} },
    ip: '198.51.100.7',
    userAgent: '',
    referer: '',
    sessionId: '',
    raw: {},
    ...overrides
  }
}

async function rtmp (app: FastifyInstance, call: string, name: string, extra: Record<string, string> = {}) {
  const body = { call, app: 'live', name, addr: '198.51.100.7', clientid: String(++connections), tcurl: 'rtmp://127.0.0.1/live', flashver: 'FMLE/3.0', ...extra }
  const res = await app.inject({ method: 'POST', url: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() })
  return { status: res.statusCode, location: res.headers.location }
}

async function nimble (app: FastifyInstance, item: Record<string, string>): Promise<string | undefined> {
  const res = await app.inject({ method: 'POST', url: '/nimble/publish', payload: { PublishAuthRequest: [{ seq: '1', ...item }] } })
  return res.json<{ PublishAuthResponse: Array<{ status: string }> }>().PublishAuthResponse[0]?.status
}

const lastDecision = (lines: Array<Record<string, unknown>>) => lines.filter(l => l.msg === 'decision').at(-1)

/** Publishers a rule keeps out by name, after stream-key identified them: it sees the subject and the public name. */
const seen: Array<{ action: string, subject?: string, stream?: string, key: boolean }> = []
const offAir = defineRule<{ names: string[] }>({
  id: 'off-air',
  reasons: ['off-air', 'on-air'],
  optionsSchema: { type: 'object', required: ['names'], properties: { names: { type: 'array', items: { type: 'string' } } } },
  create: ({ names }) => ({
    evaluate (request, ctx) {
      seen.push({ action: request.action, subject: ctx.subject, stream: ctx.stream, key: JSON.stringify(request.url).includes('benw-key') })
      return ctx.subject !== undefined && names.includes(ctx.subject) ? deny('off-air') : allow('on-air')
    }
  })
})

t.test('a custom rule after stream-key (onValid: abstain) sees each publish with its subject and public name', async t => {
  seen.length = 0
  const { app, logs } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    adapters: { nginxRtmp: { enabled: true }, nimblePublish: { enabled: true } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'stream-key', options: { onValid: 'abstain', signPassword: PASSWORD } }, { rule: 'off-air', options: { names: ['banned-show', 'ID_1'] } }] },
      { rules: [], default: 'allow' }
    ]
  }, { rules: [offAir] })
  const key = await app.streamKeys.create('benw')
  const offAirKey = await app.streamKeys.create('banned-show')
  t.same(await rtmp(app, 'publish', key), { status: 302, location: 'benw' })
  t.match(lastDecision(logs.lines), { action: 'publish', rule: 'off-air', reason: 'on-air', subject: 'benw', stream: 'benw' })
  t.equal((await rtmp(app, 'publish', offAirKey)).status, 403)
  t.match(lastDecision(logs.lines), { rule: 'off-air', reason: 'off-air', subject: 'banned-show' })
  t.equal(await nimble(app, { id: 'no-key', ip: '127.0.0.1', stream: 'live/stream', publishsign: SIGNED }), 'fail', 'the signer ID_1 is off air')
  t.match(lastDecision(logs.lines), { adapter: 'nimble-publish', rule: 'off-air', subject: 'ID_1', stream: 'stream' })
  t.equal((await rtmp(app, 'publish', 'not-a-key')).status, 403)
  t.match(lastDecision(logs.lines), { rule: 'stream-key', reason: 'unknown-key' }, 'a wrong key is denied by stream-key: the custom rule never runs')
  t.same(seen, [
    { action: 'publish', subject: 'benw', stream: 'benw', key: false },
    { action: 'publish', subject: 'banned-show', stream: 'banned-show', key: false },
    { action: 'publish', subject: 'ID_1', stream: 'stream', key: false }
  ])
  t.notOk(logs.text().includes(key), 'no key logged')
})

t.test('a play is never decided by a publish policy, nor a publish by a play policy', async t => {
  const { app } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [], default: 'allow' },
      { name: 'viewers', match: { action: 'play' }, rules: [], default: 'deny' }
    ]
  })
  t.match(await app.authorize(request('play'), { adapter: 'test', log: app.log }), { outcome: 'deny', policy: 'viewers' })
  t.match(await app.authorize(request('publish'), { adapter: 'test', log: app.log }), { outcome: 'allow', policy: 'publishers' })
  const playOnly = await buildTestApp(t, { ...(oneChain([]) as object), policies: [{ name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }] })
  t.match(await playOnly.app.authorize(request('publish', { publish: { key: 'k', canRename: true } }), { adapter: 'test', log: playOnly.app.log }),
    { outcome: 'deny', policy: 'none', reason: 'no-policy' }, 'a play policy that allows everything lets no publisher in')
})

t.test('stream-key abstains on a play, so a policy for both actions decides plays by its other rules', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'stream-key' }], { default: 'allow' }))
  t.match(await app.authorize(request('play'), { adapter: 'test', log: app.log }), { outcome: 'allow', rule: 'default' })
  t.match(await app.authorize(request('publish'), { adapter: 'test', log: app.log }), { outcome: 'deny', rule: 'stream-key', reason: 'no-key' }, 'a publish without a key')
})

t.test('a publish policy whose rules all abstain refuses (default deny), a right key or not', async t => {
  const { app, logs } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    adapters: { nginxRtmp: { enabled: true } },
    policies: [
      { name: 'publishers', match: { action: 'publish' }, rules: [{ rule: 'ip-range', options: { allow: ['198.51.100.0/24'], onAllowed: 'abstain' } }] },
      { rules: [], default: 'allow' }
    ]
  })
  const key = await app.streamKeys.create('benw')
  t.equal((await rtmp(app, 'publish', key)).status, 403)
  t.match(lastDecision(logs.lines), { action: 'publish', policy: 'publishers', rule: 'default', reason: 'all-abstained' })
  t.match(await app.streamKeys.info('benw'), { live: false })
})

t.test('the publisher cannot choose the public name', async t => {
  const { app } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    adapters: { nginxRtmp: { enabled: true }, nimblePublish: { enabled: true } },
    policies: [keyPolicy(), { rules: [], default: 'allow' }]
  })
  const key = await app.streamKeys.create('benw')
  await app.streamKeys.create('victim')
  t.same(await rtmp(app, 'publish', 'victim', { key }), { status: 302, location: 'benw' }, 'a key published under another stream\'s name is renamed to its own')
  t.same(await rtmp(app, 'publish', key, { stream: 'victim', name: key, args: 'stream=victim' }), { status: 302, location: 'benw' }, 'arguments name no stream')
  t.equal(await nimble(app, { id: key, ip: '198.51.100.7', stream: 'live/victim' }), 'fail', 'Nimble cannot rename: another stream\'s name is refused')
  t.equal(await nimble(app, { id: key, ip: '198.51.100.7', stream: 'live/benw' }), 'success')
})

t.test('a rule that names another stream cannot make Nimble publish under a name it did not ask for', async t => {
  const rename = defineRule<Record<string, never>>({ id: 'rename', optionsSchema: { type: 'object' }, create: () => ({ evaluate: () => allow('valid-key', { stream: 'elsewhere' }) }) })
  const { app, logs } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    adapters: { nimblePublish: { enabled: true } },
    policies: [{ match: { action: 'publish' }, rules: [{ rule: 'rename' }] }]
  }, { rules: [rename] })
  t.equal(await nimble(app, { id: 'k', ip: '198.51.100.7', stream: 'live/benw' }), 'fail')
  t.match(lastDecision(logs.lines), { outcome: 'deny', reason: 'cannot-rename', rule: 'rename', stream: 'benw' }, 'the line says what was answered, under the name asked for')
})

t.test('a store that fails refuses the publisher with store-error', async t => {
  const { app, logs } = await buildTestApp(t, {
    ...(oneChain([]) as object),
    store: { type: 'redis', url: 'redis://127.0.0.1:1', commandTimeout: 20 },
    policies: [keyPolicy(), { rules: [], default: 'allow' }]
  })
  t.match(await app.authorize(request('publish', { publish: { key: 'k', canRename: true } }), { adapter: 'test', log: app.log }), { outcome: 'deny', rule: 'stream-key', reason: 'store-error' })
  t.ok(logs.lines.some(l => l.msg === 'stream key check failed; refusing'))
})

t.test('a store that fails after the attempt was counted takes the count back: the right key is not locked out after the outage', async t => {
  const memory = new MemoryStore()
  t.teardown(() => memory.close())
  let failing: 'lookup' | 'expire' | undefined
  // the counter's node answers, the key's (or the expire) does not: a Cluster node down, a command timing out
  const store = new Proxy(memory, {
    get (target, prop: keyof MemoryStore) {
      const value: unknown = Reflect.get(target, prop)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const counterCall = String(args[0]).startsWith('publish:failed:')
        if ((failing === 'lookup' && !counterCall && prop === 'get') || (failing === 'expire' && counterCall && (prop === 'ttl' || prop === 'expire'))) throw new Error('Command timed out')
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
      }
    }
  })
  const key = await new StreamKeys(store).create('benw')
  const rule = await streamKeyRule.create({ bruteForce: { maxFailures: 3, windowSeconds: 600 }, onValid: 'allow' }, { log: pino({ level: 'silent' }), baseDir: '.', store })
  const publish = request('publish', { publish: { key, canRename: true } })
  const ctx = { dryRun: false, log: pino({ level: 'silent' }) }
  for (const fault of ['lookup', 'expire'] as const) {
    failing = fault
    for (let i = 0; i < 5; i++) t.match(await rule.evaluate(publish, ctx), { outcome: 'deny', reason: 'store-error' }, `${fault} fails`)
    failing = undefined
    t.match(await rule.evaluate(publish, ctx), { outcome: 'allow', reason: 'valid-key' }, `the ${fault} back: the right key publishes`)
  }
  t.equal(await memory.get('publish:failed:198.51.100.7'), '0', 'and nothing is left counted')
})
