import t from 'tap'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { AccessRequest } from '../../src/core/access-request.js'
import type { TraceEntry, VerdictData } from '../../src/core/decision.js'
import { defineRule } from '../../src/core/rule.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

interface TellOptions extends VerdictData {
  outcome: 'allow' | 'deny' | 'abstain'
  /** Answers with a promise, so the policy's asynchronous path runs. */
  later?: boolean
}

/** Answers what its options say, with the data they give, and reports the subject it was shown. */
const tell = defineRule<TellOptions>({
  id: 'tell',
  reasons: ['told', 'saw-none', 'saw-alice', 'saw-bob'],
  optionsSchema: { type: 'object', required: ['outcome'], properties: { outcome: { enum: ['allow', 'deny', 'abstain'] } } },
  create ({ outcome, later = false, ...data }) {
    return {
      evaluate (_request, ctx) {
        const verdict = { outcome, reason: outcome === 'abstain' ? 'told' : `saw-${ctx.subject ?? 'none'}`, ...data }
        return later ? nextTurn().then(() => verdict) : verdict
      }
    }
  }
})

const play = (): AccessRequest => ({
  action: 'play',
  protocol: 'HLS',
  host: 'h',
  url: { href: 'http://h/live/s', path: '/live/s', app: 'live', stream: 's', query: {} },
  ip: '192.0.2.1',
  userAgent: '',
  referer: '',
  sessionId: 's1',
  raw: {}
})

const tells = (...options: TellOptions[]) => oneChain(options.map(o => ({ rule: 'tell', options: o })))

for (const later of [false, true]) {
  t.test(`later rules read the subject earlier ones gave; the decision has the last subject, the shortest lifetime (${later ? 'asynchronous' : 'synchronous'} rules)`, async t => {
    const { app } = await buildTestApp(t, tells(
      { outcome: 'abstain', subject: 'alice', lifetime: 300, later },
      { outcome: 'abstain', lifetime: 60, later },
      { outcome: 'abstain', subject: 'bob', lifetime: 120, later },
      { outcome: 'allow', later }), { rules: [tell] })
    const decision = await app.authorize(play(), { adapter: 'test', log: app.log })
    t.same(decision, { outcome: 'allow', reason: 'saw-bob', rule: 'tell', policy: 'test', subject: 'bob', lifetime: 60 })
  })
}

t.test('the default and onError decisions carry what the chain found out; the next request starts afresh', async t => {
  const { app } = await buildTestApp(t, {
    policies: [
      { match: { app: 'abstains' }, rules: [{ rule: 'tell', options: { outcome: 'abstain', subject: 'alice', lifetime: 30 } }] },
      { match: { app: 'fails' }, rules: [{ rule: 'tell', options: { outcome: 'abstain', subject: 'alice' } }, { rule: 'tell', options: { outcome: 'allow', lifetime: -1 } }] },
      { rules: [{ rule: 'tell', options: { outcome: 'deny' } }] }
    ]
  }, { rules: [tell] })
  const at = (app: string): AccessRequest => ({ ...play(), url: { ...play().url, app } })
  t.same(await app.authorize(at('abstains'), { adapter: 'test', log: app.log }),
    { outcome: 'deny', rule: 'default', reason: 'all-abstained', policy: 'policy-0', subject: 'alice', lifetime: 30 })
  t.same(await app.authorize(at('fails'), { adapter: 'test', log: app.log }),
    { outcome: 'deny', rule: 'tell', reason: 'rule-error', policy: 'policy-1', subject: 'alice' })
  t.same(await app.authorize(at('live'), { adapter: 'test', log: app.log }),
    { outcome: 'deny', rule: 'tell', reason: 'saw-none', policy: 'policy-2' }, 'nothing is carried over from another request')
})

t.test('data that is no subject, lifetime or stream fails the rule (onError), never passes on', async t => {
  const bad: VerdictData[] = [
    { subject: '' }, { subject: 'x'.repeat(257) }, { subject: 42 as unknown as string },
    { lifetime: -1 }, { lifetime: Number.NaN }, { lifetime: Infinity }, { lifetime: '60' as unknown as number },
    { stream: '' }, { stream: 'live/other' }, { stream: 'evil\r\nSet-Cookie: x' }, { stream: '../up' }
  ]
  for (const data of bad) {
    const { app, logs } = await buildTestApp(t, tells({ outcome: 'allow', ...data }), { rules: [tell] })
    const decision = await app.authorize(play(), { adapter: 'test', log: app.log })
    t.match(decision, { outcome: 'deny', reason: 'rule-error' }, JSON.stringify(data))
    t.match(logs.lines.find(l => l.msg === 'rule failed; applying onError'), { err: { code: 'SG_VERDICT_INVALID' } })
  }
})

/** Answers the verdict its options give, whatever it is. */
const raw = defineRule<{ verdict: unknown }>({
  id: 'raw',
  optionsSchema: { type: 'object' },
  create: ({ verdict }) => ({ evaluate: () => verdict as never })
})

t.test('a verdict whose outcome is no outcome fails the rule (onError): not counted, logged or answered as given', async t => {
  const bad = [{ outcome: { redirect: '/pay' } }, { outcome: 'ALLOW' }, { outcome: 'redirect' }, { outcome: 'redirect', location: 7 }, { outcome: undefined }, {}]
  for (const verdict of bad) {
    const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'raw', options: { verdict: { reason: 'told', ...verdict } } }], { default: 'allow' }), { rules: [raw] })
    const decision = await app.authorize(play(), { adapter: 'test', log: app.log })
    t.match(decision, { outcome: 'deny', reason: 'rule-error', rule: 'raw' }, JSON.stringify(verdict))
    t.match(logs.lines.find(l => l.msg === 'rule failed; applying onError'), { err: { code: 'SG_VERDICT_INVALID' } })
    t.match(logs.lines.find(l => l.msg === 'decision'), { outcome: 'deny', reason: 'rule-error' })
  }
})

t.test('the decision line and explain show subject and lifetime, trace entries what each rule gave', async t => {
  const { app, logs } = await buildTestApp(t, tells({ outcome: 'abstain', subject: 'alice', lifetime: 90 }, { outcome: 'allow', lifetime: 45 }), { rules: [tell] })
  t.equal((await nimble(app, nimbleBody())).status, 200)
  t.match(logs.lines.find(l => l.msg === 'decision'), { subject: 'alice', lifetime: 45, outcome: 'allow' })
  const explained = await app.explain('nimble', nimbleBody())
  t.same(explained.decision, { outcome: 'allow', reason: 'saw-alice', rule: 'tell', policy: 'test', subject: 'alice', lifetime: 45 })
  t.same(explained.trace, [
    { rule: 'tell', outcome: 'abstain', reason: 'told', subject: 'alice', lifetime: 90 },
    { rule: 'tell', outcome: 'allow', reason: 'saw-alice', lifetime: 45 }
  ] satisfies TraceEntry[])
})
