import t from 'tap'
import type { HookAuthRefusal } from '../../src/adapters/hook-auth.js'
import type { RefusalReason } from '../../src/adapters/nginx-auth-request/translate.js'
import { PATH_REFUSALS } from '../../src/core/canonical-path.js'
import { abstain, deny } from '../../src/core/decision.js'
import { type hookRefusals, type nginxRefusals, reasons, type streamKeyReasons, type tokenReasons } from '../../src/core/reasons.js'
import { defineRule } from '../../src/core/rule.js'
import type { StreamKeyReason } from '../../src/rules/stream-key.js'
import type { TokenFailure } from '../../src/signing/scheme.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

// the lists in src/core/reasons.ts cover the reason types the compiler knows (src/core imports no adapter, so the
// check lives here): a new member there fails the type check
type AssertNever<T extends never> = T
export type ReasonTypesCovered = [
  AssertNever<Exclude<TokenFailure, typeof tokenReasons[number]>>,
  AssertNever<Exclude<RefusalReason, typeof nginxRefusals[number] | typeof PATH_REFUSALS[number]>>,
  AssertNever<Exclude<HookAuthRefusal, typeof hookRefusals[number]>>,
  AssertNever<Exclude<StreamKeyReason, typeof streamKeyReasons[number]>>
]

/** Denies with the reason in the request's ?why=, so a test can make it give any reason at all. */
const echo = (declared?: string[]) => defineRule<Record<string, never>>({
  id: 'echo',
  ...(declared === undefined ? {} : { reasons: declared }),
  optionsSchema: { type: 'object' },
  create: () => ({ evaluate: request => request.url.query.why === undefined ? abstain('all-abstained') : deny(request.url.query.why) })
})

const ask = (why: string) => nimbleBody({ url: `/live/stream/playlist.m3u8?why=${encodeURIComponent(why)}` })

const reasonLabels = async (app: Parameters<typeof nimble>[0]) =>
  [...(await app.inject('/metrics')).body.matchAll(/^streamgate_decisions_total\{[^}]*reason="([^"]*)"/gm)].map(m => m[1]!).sort()

t.test('the reason set is explicit, closed and well-formed', async t => {
  t.ok(reasons.size > 60)
  for (const reason of reasons) t.match(reason, /^[a-z0-9]+(-[a-z0-9]+)*$/)
  for (const known of ['ip-denied', 'token-expired', 'no-policy', 'bad-url', 'unknown-key', 'session-limit', 'undeclared-reason']) t.ok(reasons.has(known), known)
})

t.test('a reason a rule did not declare is logged and counted as undeclared-reason, never as itself', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'echo' }]), { rules: [echo(['vip-only'])] })
  const unbounded = Array.from({ length: 20 }, (_, i) => `viewer-${i}`)
  for (const why of unbounded) t.equal((await nimble(app, ask(why))).status, 403, 'the outcome stands')
  t.equal((await nimble(app, ask('vip-only'))).status, 403)
  t.equal((await nimble(app, ask('ip-denied'))).status, 403, 'built-in reasons need no declaring')
  t.same(await reasonLabels(app), ['ip-denied', 'undeclared-reason', 'vip-only'], 'twenty distinct reasons made one label')
  const decisions = logs.lines.filter(l => l.msg === 'decision').map(l => l.reason)
  t.same(new Set(decisions), new Set(['undeclared-reason', 'vip-only', 'ip-denied']))
  const warnings = logs.lines.filter(l => l.msg === 'rule gave a reason it did not declare')
  t.same(warnings.map(l => l.reason), unbounded, 'the original reason is in the warning, for the rule\'s author')
})

t.test('explain shows undeclared-reason too', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'echo' }]), { rules: [echo()] })
  const result = await app.explain('nimble', ask('made-up'))
  t.match(result, { decision: { reason: 'undeclared-reason' }, trace: [{ rule: 'echo', reason: 'undeclared-reason' }] })
})

t.test('declared reasons must be reason codes, and few', async t => {
  for (const [declared, problem] of [
    [['Not A Code'], /reasons: "Not A Code" are not reason codes/],
    [['ok', 'x:y'], /reasons: "x:y" are not reason codes/],
    [Array.from({ length: 33 }, (_, i) => `r-${i}`), /reasons: at most 32/],
    ['vip' as unknown as string[], /reasons: must be an array/]
  ] as const) {
    await t.rejects(buildTestApp(t, oneChain([{ rule: 'echo' }]), { rules: [echo(declared as string[])] }),
      { code: 'SG_CONFIG_INVALID', message: problem })
  }
})

t.test('an adapter refusal with a reason outside the set is counted as undeclared-reason', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([]))
  app.recordRefusal({ adapter: 'nimble', reason: 'made-up', log: app.log })
  t.same(await reasonLabels(app), ['undeclared-reason'])
  t.ok(logs.lines.some(l => l.msg === 'adapter gave a reason that is not in src/core/reasons.ts' && l.reason === 'made-up'))
})
