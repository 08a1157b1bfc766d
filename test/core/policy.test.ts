import t, { type Test } from 'tap'
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
