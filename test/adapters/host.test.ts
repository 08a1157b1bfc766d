import { readFileSync } from 'node:fs'
import t from 'tap'
import { adapterRegistry, builtinAdapters } from '../../src/adapters/index.js'
import { resolveConfig } from '../../src/config/load.js'
import { type AccessRequest, parseStreamUrl } from '../../src/core/access-request.js'
import { type AdapterRoute, defineAdapter } from '../../src/core/adapter.js'
import { allow, deny } from '../../src/core/decision.js'
import { defineRule } from '../../src/core/rule.js'
import { echoAdapter } from '../fixtures/adapters/echo.js'
import { buildTestApp } from '../helpers.js'

const config = (echo: Record<string, unknown> = { enabled: true }): unknown => ({
  server: { port: 0 },
  log: { level: 'info' },
  adapters: { nimble: { enabled: false }, echo },
  policies: [{ name: 'test', match: { app: 'live' }, rules: [{ rule: 'ip-range', options: { allow: ['198.51.100.0/24'] } }], default: 'deny' }]
})

const post = (payload: unknown, url = '/echo/auth') => ({ method: 'POST' as const, url, payload: payload as object, headers: { 'content-type': 'application/json' } })

t.test('a third-party adapter registers with one line and answers through the policy chain', async t => {
  const { app, logs } = await buildTestApp(t, config(), { adapters: [echoAdapter] })
  const allowed = await app.inject(post({ ip: '198.51.100.7', url: '/live/stream/index.m3u8' }))
  t.same([allowed.statusCode, allowed.json()], [200, { ok: true }])
  const denied = await app.inject(post({ ip: '203.0.113.9', url: '/live/stream/index.m3u8' }))
  t.same([denied.statusCode, denied.json()], [403, { ok: false }])
  t.match(logs.lines.filter(l => l.msg === 'decision'), [{ adapter: 'echo', outcome: 'allow', rule: 'ip-range' }, { adapter: 'echo', outcome: 'deny' }])
  const metrics = (await app.inject('/metrics')).body
  t.match(metrics, /streamgate_decisions_total\{[^}]*adapter="echo"[^}]*outcome="allow"/, 'counted under its id')
})

t.test('the host refuses what the adapter cannot read with the adapter\'s refusal, logged and counted, never a 5xx', async t => {
  const { app, logs } = await buildTestApp(t, config(), { adapters: [echoAdapter] })
  const cases: Array<[string, ReturnType<typeof post> | { method: 'POST', url: string, payload: string, headers: Record<string, string> }, string]> = [
    ['not JSON', { method: 'POST', url: '/echo/auth', payload: '{"ip":', headers: { 'content-type': 'application/json' } }, 'bad-request'],
    ['invalid message', post({ ip: '198.51.100.7' }), 'invalid-message'],
    ['unknown field', post({ ip: '198.51.100.7', url: '/live/stream', admin: true }), 'invalid-message'],
    ['a path two servers read differently', post({ ip: '198.51.100.7', url: '/live/x/../stream' }), 'dot-segment'],
    ['an encoded slash', post({ ip: '198.51.100.7', url: '/live%2fstream' }), 'encoded-separator'],
    ['odd content type', { method: 'POST', url: '/echo/auth', payload: '{"ip":"198.51.100.7"}', headers: { 'content-type': ';;' } }, 'invalid-message']
  ]
  for (const [name, request, reason] of cases) {
    const res = await app.inject(request)
    t.same([res.statusCode, res.json()], [403, { ok: false }], name)
    t.match(logs.lines.at(-1), { msg: 'decision', adapter: 'echo', outcome: 'deny', rule: 'adapter', reason }, `${name}: one decision line, with the reason`)
  }
})

t.test('explain reads a third-party adapter\'s messages like a built-in one\'s', async t => {
  const { app } = await buildTestApp(t, config(), { adapters: [echoAdapter] })
  t.match(await app.explain('echo', { ip: '198.51.100.7', url: '/live/stream' }), {
    adapter: 'echo', request: { ip: '198.51.100.7', url: { app: 'live', stream: 'stream' } }, decision: { outcome: 'allow', rule: 'ip-range' }
  })
  t.match(await app.explain('echo', { ip: 1 }), { adapter: 'echo', decision: { outcome: 'deny', rule: 'adapter', reason: 'invalid-message' }, trace: [] })
  t.match(await app.explain('echo', { ip: '198.51.100.7', url: '/live/a/../stream' }), { decision: { outcome: 'deny', rule: 'adapter', reason: 'dot-segment' } },
    'a reader that throws for a path with no canonical form is explained as the route refuses it')
})

t.test('an adapter\'s config section is validated against its own schema, with every problem at once', async t => {
  t.throws(() => resolveConfig(config({ enabled: 'yes', path: 'no-slash', extra: 1 }), {}, { adapters: [echoAdapter] }), {
    code: 'SG_CONFIG_INVALID',
    message: /\/adapters\/echo: must NOT have additional properties \(extra\)\n.*\/adapters\/echo\/enabled: must be boolean\n.*\/adapters\/echo\/path: must match pattern/
  })
  const resolved = resolveConfig(config({}), {}, { adapters: [echoAdapter] }) as unknown as { adapters: Record<string, unknown> }
  t.same(resolved.adapters.echo, { enabled: false, path: '/echo/auth' }, 'defaults filled in')
  t.throws(() => resolveConfig(config(), {}), { code: 'SG_CONFIG_INVALID', message: /additional properties \(echo\)/ }, 'without the adapter, its section is unknown')
})

t.test('a disabled third-party adapter has no route', async t => {
  const { app } = await buildTestApp(t, config({ enabled: false }), { adapters: [echoAdapter] })
  t.equal((await app.inject(post({ ip: '198.51.100.7', url: '/live/stream' }))).statusCode, 404)
})

t.test('two adapters with one id or one config section stop the boot', async t => {
  t.throws(() => adapterRegistry([{ ...echoAdapter, id: 'nimble' }]), { code: 'SG_ADAPTER_DUPLICATE', message: /"nimble"/ })
  t.throws(() => adapterRegistry([{ ...echoAdapter, configKey: 'nimble' }]), { code: 'SG_ADAPTER_DUPLICATE' })
  await t.rejects(buildTestApp(t, config(), { adapters: [echoAdapter, echoAdapter] }), { code: 'SG_ADAPTER_DUPLICATE' })
})

t.test('the config schema holds exactly the built-in adapters\' sections, each its adapter\'s own schema', async t => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8')) as { properties: { adapters: { properties: Record<string, { $ref: string }> } } }
  const sections = schema.properties.adapters.properties
  for (const adapter of builtinAdapters) {
    const id = (adapter.configSchema as { $id: string }).$id
    t.equal(new URL(sections[adapter.configKey]?.$ref ?? '', 'https://streamgate.dev/schemas/config.schema.json').href, id, `${adapter.configKey} is ${id}`)
  }
})

t.test('answer: sent at once when the chain decided without waiting, once it has when it waited, and a respond that throws is refused', async t => {
  // how each call to answer returned: undefined (answered at once) or a promise
  const returned: string[] = []
  const quick = defineAdapter<{ enabled: boolean }>({
    id: 'quick',
    configKey: 'quick',
    configSchema: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false } }, required: ['enabled'] },
    body: 'json',
    refusal: reply => reply.code(403).send({ ok: false }),
    build ({ answer }) {
      return {
        explain: () => ({ refused: 'invalid-message' }),
        routes: [{
          method: 'POST',
          url: '/quick/auth',
          handler (request, reply) {
            const { ip, url } = request.body as { ip: string, url: string }
            const access: AccessRequest = { action: 'play', protocol: 'HTTP', host: 'quick', url: parseStreamUrl(url, { host: 'quick', rules: 'strict', bytes: 'utf8' }), ip, userAgent: '', referer: '', sessionId: '', raw: {} }
            const answered = answer(access, request.log, decision => {
              if (url.endsWith('/boom')) throw new Error('respond failed')
              return reply.code(decision.outcome === 'allow' ? 200 : 403).send({ ok: decision.outcome === 'allow' })
            })
            returned.push(answered === undefined ? 'at once' : 'promise')
            return answered
          }
        }]
      }
    }
  })
  const later = defineRule<Record<string, never>>({
    id: 'later',
    optionsSchema: { type: 'object' },
    create: () => ({ evaluate: async request => request.ip === '198.51.100.7' ? allow('ip-allowed') : deny('ip-not-allowed') })
  })
  const rawConfig = {
    server: { port: 0 },
    log: { level: 'info' },
    adapters: { nimble: { enabled: false }, quick: { enabled: true } },
    policies: [
      { name: 'now', match: { app: 'live' }, rules: [{ rule: 'ip-range', options: { allow: ['198.51.100.0/24'] } }], default: 'deny' },
      { name: 'waits', match: { app: 'vod' }, rules: [{ rule: 'later' }], default: 'deny' }
    ]
  }
  const { app, logs } = await buildTestApp(t, rawConfig, { adapters: [quick], rules: [later] })
  const ask = async (ip: string, url: string) => {
    const res = await app.inject(post({ ip, url }, '/quick/auth'))
    return [res.statusCode, res.body, returned.at(-1)]
  }
  t.same(await ask('198.51.100.7', '/live/stream'), [200, '{"ok":true}', 'at once'])
  t.same(await ask('203.0.113.9', '/live/stream'), [403, '{"ok":false}', 'at once'])
  t.same(await ask('198.51.100.7', '/vod/stream'), [200, '{"ok":true}', 'promise'])
  t.same(await ask('203.0.113.9', '/vod/stream'), [403, '{"ok":false}', 'promise'])
  for (const url of ['/live/stream/boom', '/vod/stream/boom']) {
    t.same((await ask('198.51.100.7', url)).slice(0, 2), [403, '{"ok":false}'], `${url}: the adapter's refusal, not a 5xx`)
    t.match(logs.lines.at(-1), { msg: 'decision', adapter: 'quick', outcome: 'deny', rule: 'adapter', reason: 'bad-request' })
  }
  t.equal(logs.lines.filter(l => l.msg === 'decision' && l.adapter === 'quick' && l.rule !== 'adapter').length, 6, 'every decision logged once')
})

// Checked by the typecheck (npm test runs it): Fastify sends what a handler's promise resolves to with a 200, so a
// handler may return a promise of its reply only; an unused @ts-expect-error fails the typecheck.
export const handlersTheTypesRefuse: AdapterRoute[] = [
  // @ts-expect-error an async handler that forgot to return its answer would allow with an empty 200
  { method: 'POST', url: '/forgot', async handler () {} },
  // @ts-expect-error a promise of the decision would be sent as the body of a 200
  { method: 'POST', url: '/decision', handler: async () => await Promise.resolve(deny('no')) }
]

t.test('an adapter\'s declared reasons are its own labels, for refusals before the chain and for decisions it cannot carry out; others are undeclared', async t => {
  const vendor = (reasons: unknown) => defineAdapter<{ enabled: boolean }>({
    id: 'vendor',
    configKey: 'vendor',
    configSchema: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false } }, required: ['enabled'] },
    reasons: reasons as string[],
    body: 'json',
    refusal: reply => reply.code(403).send({ ok: false }),
    build ({ authorize, refuse }) {
      return {
        explain: () => ({ refused: 'invalid-message' }),
        routes: [{
          method: 'POST',
          url: '/vendor/auth',
          async handler (request, reply) {
            const { ip, url } = request.body as { ip: string, url: string }
            if (url === '/refuse') return refuse(request, reply, ip === '0.0.0.0' ? 'not-declared' : 'vendor-says-no', 'the vendor said no')
            const access: AccessRequest = { action: 'play', protocol: 'HTTP', host: 'vendor', url: parseStreamUrl(url, { host: 'vendor', rules: 'strict', bytes: 'utf8' }), ip, userAgent: '', referer: '', sessionId: '', raw: {} }
            const decision = await authorize(access, request.log, () => ip === '0.0.0.0' ? 'not-declared' : 'vendor-says-no')
            return await reply.code(decision.outcome === 'allow' ? 200 : 403).send({ ok: decision.outcome === 'allow' })
          }
        }]
      }
    }
  })
  const rawConfig = { server: { port: 0 }, log: { level: 'info' }, adapters: { nimble: { enabled: false }, vendor: { enabled: true } }, policies: [{ rules: [], default: 'allow' }] }
  const { app, logs } = await buildTestApp(t, rawConfig, { adapters: [vendor(['vendor-says-no'])] })
  for (const [ip, url] of [['198.51.100.7', '/refuse'], ['198.51.100.7', '/live/stream'], ['0.0.0.0', '/refuse'], ['0.0.0.0', '/live/stream']]) {
    t.equal((await app.inject(post({ ip, url }, '/vendor/auth'))).statusCode, 403)
  }
  t.match(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['vendor-says-no', 'vendor-says-no', 'undeclared-reason', 'undeclared-reason'])
  const counted = (await app.inject('/metrics')).body.match(/^streamgate_decisions_total\{[^}]*adapter="vendor"[^}]*reason="vendor-says-no"[^}]*\} 1$/gm)
  t.equal(counted?.length, 2, 'counted under its own label: the refusal (rule adapter) and the decision refused (rule default)')
  await t.rejects(buildTestApp(t, rawConfig, { adapters: [vendor(['Not A Code'])] }), /adapter vendor: reasons: "Not A Code" are not reason codes/, 'a bad list stops the boot')
})
