import t, { type Test } from 'tap'
import type { AccessRequest } from '../../src/core/access-request.js'
import { abstain, allow, deny } from '../../src/core/decision.js'
import { defineRule } from '../../src/core/rule.js'
import { buildTestApp, nimble, nimbleBody } from '../helpers.js'

/** A rule that answers what its options say, so chains can be composed in tests. */
const fixed = defineRule<{ outcome: 'allow' | 'deny' | 'abstain' | 'throw' | 'reject', reason?: string }>({
  id: 'fixed',
  optionsSchema: {
    type: 'object',
    required: ['outcome'],
    properties: { outcome: { enum: ['allow', 'deny', 'abstain', 'throw', 'reject'] }, reason: { type: 'string' } }
  },
  create ({ outcome, reason = outcome }) {
    return {
      evaluate () {
        if (outcome === 'throw') throw new Error('boom')
        if (outcome === 'reject') return Promise.reject(new Error('async boom'))
        return { allow, deny, abstain }[outcome](reason)
      }
    }
  }
})

const rule = (outcome: string, name?: string) => ({ rule: 'fixed', ...(name === undefined ? {} : { name }), options: { outcome } })

async function decide (t: Test, config: unknown, body = nimbleBody()) {
  const { app, logs } = await buildTestApp(t, config, { rules: [fixed] })
  const res = await nimble(app, body)
  const line = logs.lines.find(l => l.msg === 'decision')
  return { status: res.status, rule: line?.rule, reason: line?.reason, policy: line?.policy, logs }
}

t.test('rules run in order; the first that does not abstain decides', async t => {
  const d = await decide(t, { policies: [{ rules: [rule('abstain', 'a'), rule('deny', 'b'), rule('allow', 'c')] }] })
  t.equal(d.status, 403)
  t.equal(d.rule, 'b')
  const d2 = await decide(t, { policies: [{ rules: [rule('abstain', 'a'), rule('allow', 'c'), rule('deny', 'b')] }] })
  t.equal(d2.status, 200)
  t.equal(d2.rule, 'c')
})

t.test('when every rule abstains the policy default decides (deny unless configured)', async t => {
  const denied = await decide(t, { policies: [{ rules: [rule('abstain'), rule('abstain')] }] })
  t.same([denied.status, denied.rule, denied.reason], [403, 'default', 'all-abstained'])
  const allowed = await decide(t, { policies: [{ rules: [rule('abstain')], default: 'allow' }] })
  t.equal(allowed.status, 200)
  const empty = await decide(t, { policies: [{ rules: [], default: { redirect: 'http://stub.example.com/live/stub/playlist.m3u8' } }] })
  t.equal(empty.status, 302)
})

t.test('a rule that throws or rejects gets onError: deny by default, allow when configured', async t => {
  for (const failure of ['throw', 'reject']) {
    const d = await decide(t, { policies: [{ rules: [rule(failure), rule('allow')] }] })
    t.same([d.status, d.rule, d.reason], [403, 'fixed', 'rule-error'], failure)
    t.ok(d.logs.lines.some(l => l.msg === 'rule failed; applying onError' && l.level === 50), 'the failure is logged as an error')
    const open = await decide(t, { policies: [{ rules: [rule(failure)], onError: 'allow' }] })
    t.equal(open.status, 200, `${failure} with onError: allow`)
  }
})

t.test('policies are selected by app and stream glob, first match wins', async t => {
  const config = {
    policies: [
      { name: 'vip', match: { app: 'live', stream: 'vip-*' }, rules: [rule('deny')] },
      { name: 'live', match: { app: 'live' }, rules: [rule('allow')] },
      { name: 'vod', match: { app: 'vod?' }, rules: [rule('allow')] }
    ]
  }
  const vip = await decide(t, config, nimbleBody({ url: '/live/vip-1/playlist.m3u8' }))
  t.same([vip.status, vip.policy], [403, 'vip'])
  const live = await decide(t, config, nimbleBody({ url: '/live/news/playlist.m3u8' }))
  t.same([live.status, live.policy], [200, 'live'])
  const vod = await decide(t, config, nimbleBody({ url: '/vod1/movie/manifest.mpd' }))
  t.same([vod.status, vod.policy], [200, 'vod'])
  const none = await decide(t, config, nimbleBody({ url: '/other/x/playlist.m3u8' }))
  t.same([none.status, none.rule, none.reason], [403, 'none', 'no-policy'], 'no matching policy fails closed')
})

t.test('a policy restricted to an action does not match the other one', async t => {
  const d = await decide(t, { policies: [{ match: { action: 'publish' }, rules: [rule('allow')] }] })
  t.same([d.status, d.reason], [403, 'no-policy'])
})

t.test('unknown rules and bad entries stop the boot, all reported at once', async t => {
  await t.rejects(buildTestApp(t, {
    policies: [
      { rules: [{ rule: 'no-such-rule' }, { rule: 'fixed', options: { outcome: 'maybe' } }] },
      { rules: [{ rule: 'fixed', use: './x.js', options: { outcome: 'allow' } }, { name: 'nothing' }] }
    ]
  }, { rules: [fixed] }), {
    code: 'SG_CONFIG_INVALID',
    message: /policies\/0\/rules\/0: Unknown rule "no-such-rule"[^]*policies\/0\/rules\/1\/options\/outcome: must be equal to one of the allowed values[^]*policies\/1\/rules\/0: give either rule or use, not both[^]*policies\/1\/rules\/1: needs rule/
  })
})

t.test('custom rule modules: missing file and wrong exports stop the boot', async t => {
  const dir = t.testdir({
    'not-a-rule.js': 'export default { hello: "world" }\n',
    'named.mjs': 'export const rule = { id: "named", optionsSchema: {}, create: () => ({ evaluate: () => ({ outcome: "deny", reason: "named" }) }) }\n'
  })
  await t.rejects(buildTestApp(t, { policies: [{ rules: [{ use: './missing.js' }] }] }, { baseDir: dir }), /Custom rule module \.\/missing\.js/)
  await t.rejects(buildTestApp(t, { policies: [{ rules: [{ use: './not-a-rule.js' }] }] }, { baseDir: dir }), /must export/)
  const { app } = await buildTestApp(t, { policies: [{ rules: [{ use: './named.mjs' }] }] }, { baseDir: dir })
  t.equal((await nimble(app, nimbleBody())).status, 403, 'an export named `rule` is used')
})

t.test('two rules registered under one id is a programming error', async t => {
  await t.rejects(buildTestApp(t, { policies: [{ rules: [] }] }, { rules: [fixed, fixed] }), { code: 'SG_RULE_DUPLICATE' })
})

t.test('a decision the adapter cannot carry out becomes its refusal, in the name of the rule that decided; a check that throws refuses', async t => {
  const settled: string[] = []
  const writing = defineRule<Record<string, never>>({
    id: 'test-writing',
    optionsSchema: { type: 'object' },
    create: () => ({
      evaluate (_request, ctx) {
        ctx.pending = [...(ctx.pending ?? []), { keep: () => { settled.push('kept') }, abandon: () => { settled.push('abandoned') } }]
        return allow('ip-allowed', { subject: 'v1', lifetime: 60 })
      }
    })
  })
  const { app, logs } = await buildTestApp(t, {
    policies: [{ name: 'open', match: { app: 'live' }, rules: [{ rule: 'test-writing', options: {} }] }, { name: 'closed', rules: [], default: 'deny' }]
  }, { rules: [writing] })
  const access = (app: string): AccessRequest => ({
    action: 'play', protocol: 'HLS', host: 'h', url: { href: `http://h/${app}/s`, path: `/${app}/s`, app, stream: 's', query: {} }, ip: '192.0.2.1', userAgent: '', referer: '', sessionId: '1', raw: {}
  })
  const consulted: string[] = []
  const authorize = async (name: string, answer: () => string | undefined) => await app.authorize(access(name), {
    adapter: 'nimble',
    log: app.log,
    cannotCarryOut: decision => {
      consulted.push(decision.outcome)
      return answer()
    }
  })
  t.same(await authorize('live', () => 'cannot-redirect'), { outcome: 'deny', reason: 'cannot-redirect', rule: 'test-writing', policy: 'open', subject: 'v1' }, 'no lifetime: nothing goes on')
  t.match(await authorize('live', () => undefined), { outcome: 'allow', reason: 'ip-allowed', lifetime: 60 })
  t.same(await authorize('live', () => { throw new Error('adapter bug') }), { outcome: 'deny', reason: 'bad-request', rule: 'test-writing', policy: 'open', subject: 'v1' })
  t.match(await authorize('closed', () => undefined), { outcome: 'deny', reason: 'all-abstained' })
  t.same(await authorize('live', () => 'made-up'), { outcome: 'deny', reason: 'undeclared-reason', rule: 'test-writing', policy: 'open', subject: 'v1' }, 'a reason the adapter did not declare is not a label')
  t.ok(logs.lines.some(l => l.msg === 'adapter gave a reason it did not declare' && l.reason === 'made-up'))
  t.same(consulted, ['allow', 'allow', 'allow', 'allow'], 'a refusal needs no carrying out')
  t.same(settled, ['abandoned', 'kept', 'abandoned', 'abandoned'], 'the writes follow the answer')
  t.match(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason), ['cannot-redirect', 'ip-allowed', 'bad-request', 'all-abstained', 'undeclared-reason'])
  t.equal(logs.lines.filter(l => l.level === 50 && /could not tell whether it can carry out/.test(String(l.msg))).length, 1)
})
