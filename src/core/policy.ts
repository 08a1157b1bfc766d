import type { PolicyConfig, RuleEntry } from '../generated/config.js'
import { compileOnce, configAjv, formatErrors } from '../schemas.js'
import { configInvalid, errors } from '../errors.js'
import { declaredReason, declaredReasons } from './reasons.js'
import type { AccessRequest } from './access-request.js'
import { type CannotCarryOut, type Decision, type ConfiguredFinalOutcome, type Verdict, type VerdictData, verdictOf } from './decision.js'
import { requestPathFor } from './canonical-path.js'
import { compileGlob } from './glob.js'
import { isStreamName } from './stream-name.js'
import { loadRuleModule, type RuleRegistry } from './registry.js'
import type { EvaluationContext, RuleDefinition, RuleDeps, RuleInstance } from './rule.js'

interface BoundRule {
  name: string
  instance: RuleInstance
  /** The reasons its definition declared besides the built-in ones. */
  declared: ReadonlySet<string>
}

const isThenable = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

/** The context as the policy keeps it: what the verdicts so far found out. */
type Evaluation = Omit<EvaluationContext, keyof VerdictData> & VerdictData

const MAX_SUBJECT_LENGTH = 256

const OUTCOMES = new Set(['allow', 'deny', 'abstain', 'redirect'])

/** What is wrong with a verdict's outcome, if anything: a custom rule's may be anything (it becomes a metric label and a log field). */
function badShape (verdict: Verdict): string | undefined {
  const { outcome } = verdict as { outcome: unknown }
  if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) return 'outcome must be allow, deny, abstain or redirect'
  if (outcome === 'redirect' && typeof (verdict as { location?: unknown }).location !== 'string') return 'a redirect needs a location'
  return undefined
}

/** What is wrong with the data a verdict carries, if anything: a custom rule's may be anything. */
function badData ({ subject, lifetime, stream }: VerdictData): string | undefined {
  if (subject !== undefined && (typeof subject !== 'string' || subject === '' || subject.length > MAX_SUBJECT_LENGTH)) return `subject must be 1 to ${MAX_SUBJECT_LENGTH} characters`
  if (lifetime !== undefined && (typeof lifetime !== 'number' || !(lifetime >= 0) || lifetime === Infinity)) return 'lifetime must be a finite number of seconds, 0 or more'
  if (stream !== undefined && (typeof stream !== 'string' || !isStreamName(stream))) return 'stream must be a stream name: 1 to 128 letters, digits, _ . -, starting with a letter or digit'
  return undefined
}

/** A decision together with the policy that took it. */
export type PolicyDecision = Decision & { policy: string }

function fixedDecision (outcome: ConfiguredFinalOutcome, rule: string, reason: string, policy: string): PolicyDecision {
  return Object.freeze({ ...verdictOf(outcome, reason), rule, policy })
}

/** The data a verdict gave, without the absent fields. */
function dataOf ({ subject, lifetime, stream }: VerdictData): VerdictData {
  return {
    ...(subject === undefined ? {} : { subject }),
    ...(lifetime === undefined ? {} : { lifetime }),
    ...(stream === undefined ? {} : { stream })
  }
}

/** Writes what the chain found out onto a decision made for this request. */
function fill (decision: PolicyDecision, { subject, lifetime, stream }: Evaluation): PolicyDecision {
  if (subject !== undefined) decision.subject = subject
  if (lifetime !== undefined) decision.lifetime = lifetime
  if (stream !== undefined) decision.stream = stream
  return decision
}

/** A shared decision with what the chain found out; no copy when it found out nothing (the common case). */
function withData (decision: PolicyDecision, ctx: Evaluation): PolicyDecision {
  if (ctx.subject === undefined && ctx.lifetime === undefined && ctx.stream === undefined) return decision
  // field by field: spreads of the decision and of the data cost more than the rest of a short chain
  const { outcome, reason, rule, policy } = decision
  return fill(decision.outcome === 'redirect'
    ? { outcome: 'redirect', reason, location: decision.location, rule, policy }
    : { outcome: outcome as 'allow' | 'deny', reason, rule, policy }, ctx)
}

/**
 * The decision the adapter will answer: the chain's, or the refusal its media server makes of a decision it cannot carry
 * out (a redirect it cannot send, say), in the name of the rule that decided. An adapter's check that throws refuses.
 */
function carriedOut (decision: PolicyDecision, cannot: CannotCarryOut | undefined, declared: ReadonlySet<string> | undefined, log: EvaluationContext['log']): PolicyDecision {
  if (cannot === undefined || decision.outcome === 'deny') return decision
  let reason
  try {
    reason = cannot(decision)
  } catch (err) {
    log.error({ err, rule: decision.rule, policy: decision.policy }, 'the adapter could not tell whether it can carry out the decision; refused')
    reason = 'bad-request'
  }
  if (reason === undefined) return decision
  const known = declaredReason(reason, declared)
  if (known !== reason) log.warn({ rule: decision.rule, policy: decision.policy, reason }, 'adapter gave a reason it did not declare')
  return refusedAs(decision, known)
}

/** A refusal for `reason` in the name of the rule and policy that took `decision`, of the subject it identified. */
function refusedAs ({ rule, policy, subject }: PolicyDecision, reason: string): PolicyDecision {
  return subject === undefined ? { outcome: 'deny', reason, rule, policy } : { outcome: 'deny', reason, rule, policy, subject }
}

/**
 * Keeps the request's store writes when the decision lets it in, allowed or redirected (nginx-rtmp plays a redirect
 * without asking again, and the session goes on); takes them back when it is refused (or there is no decision).
 */
function settlePending<D extends PolicyDecision | undefined> (decision: D, ctx: EvaluationContext): D {
  const { pending } = ctx
  if (pending === undefined) return decision
  ctx.pending = undefined
  const keep = decision !== undefined && decision.outcome !== 'deny'
  for (const writes of pending) {
    if (keep) writes.keep()
    else writes.abandon()
  }
  return decision
}

/** `f` of a value, or of what a promise of it resolves to: no promise made for a value at hand. */
function then<T, U> (value: T | Promise<T>, f: (settled: T) => U | Promise<U>): U | Promise<U> {
  return isThenable(value) ? Promise.resolve(value).then(f) : f(value)
}

/** A publish request as if asked under its public name. */
function publishedAs (request: AccessRequest, name: string): AccessRequest {
  const { app } = request.url
  const path = `/${app}/${name}`
  const href = new URL(request.url.href)
  href.pathname = requestPathFor(path)
  return { ...request, url: { ...request.url, href: href.href, path, stream: name } }
}

const NO_POLICY: PolicyDecision = Object.freeze({ outcome: 'deny', rule: 'none', reason: 'no-policy', policy: 'none' })

/** One ordered rule chain with the app/stream patterns it guards. */
export class Policy {
  readonly name: string
  readonly #matchApp: (name: string) => boolean
  readonly #matchStream: (name: string) => boolean
  readonly #action: string | undefined
  readonly #rules: readonly BoundRule[]
  readonly #onError: ConfiguredFinalOutcome
  /** Built once: most requests on an all-abstain chain end here. */
  readonly #default: PolicyDecision

  constructor (config: PolicyConfig, index: number, rules: BoundRule[]) {
    this.name = config.name ?? `policy-${index}`
    this.#matchApp = compileGlob(config.match.app)
    this.#matchStream = compileGlob(config.match.stream)
    this.#action = config.match.action
    this.#rules = rules
    this.#onError = config.onError
    this.#default = fixedDecision(config.default, 'default', 'all-abstained', this.name)
  }

  matches (request: AccessRequest): boolean {
    return (this.#action === undefined || this.#action === request.action) &&
      this.#matchApp(request.url.app) && this.#matchStream(request.url.stream)
  }

  /** Decides synchronously while rules answer synchronously (no promise per rule); from the first promise on, it waits. */
  evaluate (request: AccessRequest, ctx: EvaluationContext): PolicyDecision | Promise<PolicyDecision> {
    return this.#from(0, request, ctx)
  }

  #from (from: number, request: AccessRequest, ctx: Evaluation): PolicyDecision | Promise<PolicyDecision> {
    const rules = this.#rules
    // indexed: an entries() iterator made a pair for every rule of every request
    for (let i = from; i < rules.length; i++) {
      const { name, instance, declared } = rules[i] as BoundRule
      let verdict
      try {
        verdict = instance.evaluate(request, ctx)
      } catch (err) {
        return this.#failed(err, name, ctx)
      }
      if (isThenable(verdict)) {
        return Promise.resolve(verdict).then(
          settled => this.#decided(settled, name, declared, ctx) ?? this.#from(i + 1, request, ctx),
          (err: unknown) => this.#failed(err, name, ctx))
      }
      const decision = this.#decided(verdict, name, declared, ctx)
      if (decision !== undefined) return decision
    }
    return withData(this.#default, ctx)
  }

  #decided (verdict: Verdict, rule: string, declared: ReadonlySet<string>, ctx: Evaluation): PolicyDecision | undefined {
    const shape = badShape(verdict)
    if (shape !== undefined) return this.#failed(new errors.VerdictInvalid(shape), rule, ctx)
    const known = declaredReason(verdict.reason, declared)
    if (known !== verdict.reason) {
      ctx.log.warn({ rule, policy: this.name, reason: verdict.reason }, 'rule gave a reason it did not declare')
      verdict = { ...verdict, reason: known }
    }
    const { subject, lifetime, stream } = verdict
    if (subject !== undefined || lifetime !== undefined || stream !== undefined) {
      const problem = badData(verdict)
      if (problem !== undefined) return this.#failed(new errors.VerdictInvalid(problem), rule, ctx)
      if (subject !== undefined) ctx.subject = subject
      if (lifetime !== undefined && !(lifetime >= (ctx.lifetime ?? Infinity))) ctx.lifetime = lifetime
      if (stream !== undefined) ctx.stream = stream
      ctx.trace?.push({ rule, outcome: verdict.outcome, reason: verdict.reason, ...dataOf(verdict) })
    } else {
      ctx.trace?.push({ rule, outcome: verdict.outcome, reason: verdict.reason })
    }
    if (verdict.outcome === 'abstain') return undefined
    const { outcome, reason } = verdict
    const decided: PolicyDecision = verdict.outcome === 'redirect'
      ? { outcome: 'redirect', reason, location: verdict.location, rule, policy: this.name }
      : { outcome: outcome as 'allow' | 'deny', reason, rule, policy: this.name }
    return fill(decided, ctx)
  }

  #failed (err: unknown, rule: string, ctx: Evaluation): PolicyDecision {
    ctx.log.error({ err, rule, policy: this.name }, 'rule failed; applying onError')
    ctx.trace?.push({ rule, outcome: 'error', reason: 'rule-error' })
    return withData(fixedDecision(this.#onError, rule, 'rule-error', this.name), ctx)
  }

  /** Tells every rule that keeps per-session state that the session is over; failures are logged, never thrown. */
  async end (request: AccessRequest, ctx: EvaluationContext): Promise<void> {
    await Promise.all(this.#rules.map(async ({ name, instance }) => {
      try {
        await instance.end?.(request, ctx)
      } catch (err) {
        ctx.log.error({ err, rule: name, policy: this.name }, 'rule could not end the session')
      }
    }))
  }

  async close (): Promise<void> {
    await Promise.all(this.#rules.map(async r => await r.instance.close?.()))
  }
}

/** The configured policies, tried in order: the first that matches a request decides it. */
export class PolicySet {
  readonly #policies: Policy[]

  constructor (policies: Policy[]) {
    this.#policies = policies
  }

  select (request: AccessRequest): Policy | undefined {
    return this.#policies.find(p => p.matches(request))
  }

  /**
   * The decision for a request, by the first policy that matches it. A publish renamed to a public name is decided by
   * that name's policy too. The store writes rules made for the request are kept only when the answer lets it in: the
   * decision, unless the adapter cannot carry it out (`cannot`), which refuses it instead, for one of the built-in
   * reasons or of those it `declared`.
   */
  evaluate (request: AccessRequest, ctx: EvaluationContext, cannot?: CannotCarryOut, declared?: ReadonlySet<string>): PolicyDecision | Promise<PolicyDecision> {
    const policy = this.select(request)
    if (policy === undefined) return settlePending(NO_POLICY, ctx)
    const first = policy.evaluate(request, ctx)
    // only a publish can go out under another name: a play is decided by its one policy, with no closure made
    const decided = request.action === 'publish' ? then(first, decision => this.#underPublicName(policy, request, decision, ctx)) : first
    if (!isThenable(decided)) return settlePending(carriedOut(decided, cannot, declared, ctx.log), ctx)
    return decided.then(decision => settlePending(carriedOut(decision, cannot, declared, ctx.log), ctx), (err: unknown) => {
      settlePending(undefined, ctx)
      throw err
    })
  }

  /**
   * A publish allowed under another public name than the one asked for (a renaming server: nginx-rtmp, OME, where the
   * name asked for is often the key) goes out under that name, so the policy for that name must let it in too: its
   * rules (an address range for a studio's streams, say) hold whatever name the publisher asked for.
   */
  #underPublicName (first: Policy, request: AccessRequest, decision: PolicyDecision, ctx: EvaluationContext): PolicyDecision | Promise<PolicyDecision> {
    if (request.action !== 'publish' || decision.outcome !== 'allow') return decision
    // an allow that names no public name goes out under the name asked for: on a renaming server whose url.stream
    // is '' (the name asked for is the key), that is the key as a name, which a policy by stream must see too
    const { publish } = request
    const name = decision.stream ?? (request.url.stream === '' && publish?.canRename === true && publish.key !== '' ? publish.key : undefined)
    if (name === undefined || name === request.url.stream) return decision
    const renamed = publishedAs(request, name)
    const policy = this.select(renamed)
    if (policy === first) return decision
    if (policy === undefined) return NO_POLICY
    return then(policy.evaluate(renamed, ctx), again => {
      if (again.outcome !== 'allow') return again
      // renamed once more: the policy of the name it would go out under was never asked
      if ((again.stream ?? name) !== name) return refusedAs(again, 'wrong-stream')
      // the shortest lifetime either policy's rules gave (the context carried the first's into the second)
      return again.lifetime === decision.lifetime ? decision : { ...decision, lifetime: again.lifetime }
    })
  }

  async end (request: AccessRequest, ctx: EvaluationContext): Promise<void> {
    await this.select(request)?.end(request, ctx)
  }

  async close (): Promise<void> {
    await Promise.all(this.#policies.map(async p => await p.close()))
  }
}

async function resolveDefinition (entry: RuleEntry, registry: RuleRegistry, baseDir: string): Promise<RuleDefinition> {
  if (entry.rule !== undefined && entry.use !== undefined) throw new errors.OptionInvalid('give either rule or use, not both')
  if (entry.use !== undefined) return await loadRuleModule(entry.use, baseDir)
  if (entry.rule !== undefined) return registry.get(entry.rule)
  throw new errors.OptionInvalid('needs rule (a built-in id) or use (a module path)')
}

/**
 * Builds every policy's rules, validating each rule's options against its schema. Every problem is
 * collected and reported at once; nothing is half-built on failure.
 */
export async function buildPolicySet (configs: readonly PolicyConfig[], registry: RuleRegistry, deps: RuleDeps): Promise<PolicySet> {
  const problems: string[] = []
  const built: Policy[] = []
  const instances: RuleInstance[] = []
  for (const [p, config] of configs.entries()) {
    const rules: BoundRule[] = []
    for (const [r, entry] of config.rules.entries()) {
      const at = `/policies/${p}/rules/${r}`
      try {
        const definition = await resolveDefinition(entry, registry, deps.baseDir)
        const options = structuredClone(entry.options)
        const validate = compileOnce(configAjv, definition.optionsSchema)
        if (!validate(options)) {
          problems.push(...formatErrors(validate.errors, `${at}/options`))
          continue
        }
        const declared = declaredReasons(definition.reasons)
        const instance = await definition.create(options, { ...deps, log: deps.log.child({ rule: entry.name ?? definition.id }) })
        instances.push(instance)
        rules.push({ name: entry.name ?? definition.id, instance, declared })
      } catch (err) {
        problems.push(`${at}: ${(err as Error).message}`)
      }
    }
    built.push(new Policy(config, p, rules))
  }
  if (problems.length > 0) {
    await Promise.allSettled(instances.map(async i => await i.close?.()))
    throw configInvalid(problems)
  }
  return new PolicySet(built)
}
