import type { FastifyBaseLogger } from 'fastify'
import type { AccessRequest } from './access-request.js'
import type { Store } from '../stores/store.js'
import type { TraceEntry, Verdict } from './decision.js'

/** A rule's store writes for one request, whose fate is the chain's decision. */
export interface PendingWrites {
  keep (): void
  /** Takes every write back. */
  abandon (): void
}

/** What a rule's factory is given besides its options. */
export interface RuleDeps {
  log: FastifyBaseLogger
  /** Folder of the config file, for options that name files. */
  baseDir: string
  /** Shared state: entitlements, balances, sessions. */
  store: Store
}

/** Per-evaluation context. */
export interface EvaluationContext {
  /** true for explain/dry runs: rules must not change state (no metering, no session counting). */
  dryRun: boolean
  log: FastifyBaseLogger
  trace?: TraceEntry[]
  /** The subject the latest earlier verdict of this evaluation gave (a signed token's viewer id, say); set by the policy. */
  readonly subject?: string
  /** The shortest lifetime, in seconds, earlier verdicts of this evaluation gave; set by the policy. */
  readonly lifetime?: number
  /** Publish: the public stream name the latest earlier verdict gave; set by the policy. */
  readonly stream?: string
  /**
   * Store writes rules made for this request (a session's place, a window's charge). They hold only if the request is
   * let in: the policy keeps them when its decision allows or redirects (a redirected session goes on elsewhere), and
   * takes them back when a later rule (or the default, or onError) refuses, or the adapter cannot carry the decision
   * out (CannotCarryOut). A rule adds its writes here; nothing else touches them.
   */
  pending?: PendingWrites[]
}

export interface RuleInstance {
  evaluate (request: AccessRequest, ctx: EvaluationContext): Verdict | Promise<Verdict>
  /** The session behind `request` is over (a media server's `*_done` hook): give back what it held. */
  end? (request: AccessRequest, ctx: EvaluationContext): void | Promise<void>
  close? (): void | Promise<void>
}

/**
 * The contract of every rule, built-in or custom. `optionsSchema` is a JSON Schema that the options
 * are validated against at start-up; `create` may be async (to open a database, say) and may throw to
 * refuse options the schema cannot express. Both stop the boot, never a request.
 */
export interface RuleDefinition<Options = unknown> {
  id: string
  optionsSchema: object
  /**
   * The reason codes this rule gives beyond the built-in ones (src/core/reasons.ts). Reasons are metric labels,
   * so the set is closed: any other reason is logged and counted as `undeclared-reason`.
   */
  reasons?: readonly string[]
  create (options: Options, deps: RuleDeps): RuleInstance | Promise<RuleInstance>
}

/** Identity helper that gives custom rules their types. */
export function defineRule<Options> (definition: RuleDefinition<Options>): RuleDefinition<Options> {
  return definition
}
