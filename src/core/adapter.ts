import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify'
import type { StreamgateConfig } from '../generated/config.js'
import type { AccessRequest, Action } from './access-request.js'
import type { CannotCarryOut } from './decision.js'
import type { PolicyDecision } from './policy.js'

/** Why an adapter would refuse a message before any rule ran: a reason code and, for the log, a detail. */
export interface Refused {
  refused: string
  detail?: string
}

/** An adapter's section of the config: whatever its schema says, with `enabled`. */
export interface AdapterConfigBase {
  enabled: boolean
}

/**
 * A body read as JSON only once the adapter has verified the exact bytes sent: a signed webhook, whose signature
 * covers the bytes as they came, not the JSON they parse to. The host reads the raw bytes, hands them to `verify`,
 * answers a refusal with the adapter's `refusal` (logged and counted once) and only then parses them with the strict
 * JSON parser of `'json'`. A request with no body (no Content-Type and no length, or a GET) is verified on no bytes.
 */
export interface VerifiedJsonBody<Config extends AdapterConfigBase> {
  json: true
  /**
   * Whether `raw` (every byte as sent, never decoded) is the media server's: undefined when it is, else the refusal
   * reason (`bad-hook-signature`, say). Synchronous; runs before anything parses the bytes. A verify that throws, or
   * answers anything but undefined or a string, refuses the call (`bad-hook-signature`; a thrown message is not
   * logged). Compare in constant time.
   */
  verify (request: FastifyRequest, raw: Buffer, config: Readonly<Config>): string | undefined
}

/**
 * How request bodies are read, whatever their Content-Type claims: JSON, a form, not at all (drained), or JSON
 * verified on its raw bytes first.
 */
export type BodyMode<Config extends AdapterConfigBase = AdapterConfigBase> = 'json' | 'form' | 'none' | VerifiedJsonBody<Config>

/** Where a `'form'` body's fields keep the text they were read from (formTextOf). */
export const FORM_TEXT: unique symbol = Symbol('form text')

/**
 * The text a message's fields were read from when it came as a form (BodyMode `'form'`): its values as sent, escapes
 * and all, which the fields hold decoded. Undefined for any other message: explain's JSON can hold no symbol.
 */
export function formTextOf (message: object): string | undefined {
  const text = (message as { [FORM_TEXT]?: unknown })[FORM_TEXT]
  return typeof text === 'string' ? text : undefined
}

/** What the adapter host gives an adapter when it is built. */
export interface AdapterTools<Config extends AdapterConfigBase> {
  /** The adapter's own (encapsulated) Fastify instance: the app's decorators (store, streamKeys...) are on it. */
  app: FastifyInstance
  /** The adapter's section of the config. */
  config: Readonly<Config>
  /** The whole config, for the settings an adapter shares with others (the publish key argument, say). */
  settings: Readonly<StreamgateConfig>
  /**
   * Runs the policy chain; the decision is logged and counted as this adapter's. Never rejects. `cannot` says which
   * decisions the media server cannot carry out (a redirect, a rename): they are refused instead, in the decision
   * line and in the store writes kept, so the adapter answers every decision it gets as decided.
   */
  authorize: (access: AccessRequest, log: FastifyBaseLogger, cannot?: CannotCarryOut) => Promise<PolicyDecision>
  /**
   * `authorize`, then `respond` (which sends the answer) with the decision: at once when the chain decided without
   * waiting, and then it returns undefined; else it returns a promise that settles once the reply is sent (typed as the
   * reply, what a handler may return; it resolves to nothing, as Fastify's thenable reply does). A route's handler
   * returns what it returns: an answer sent at once costs no promise and no microtask.
   */
  answer: (access: AccessRequest, log: FastifyBaseLogger, respond: (decision: PolicyDecision) => FastifyReply, cannot?: CannotCarryOut) => Promise<FastifyReply> | undefined
  /** The session behind `access` is over: rules holding per-session state let it go. Never rejects. */
  endSession: (access: AccessRequest, log: FastifyBaseLogger) => Promise<void>
  /** Logs and counts a refusal made before any rule ran, and answers it with the adapter's refusal. */
  refuse: (request: FastifyRequest, reply: FastifyReply, reason: string, detail: string) => FastifyReply
}

export interface AdapterRoute {
  method: HTTPMethods | HTTPMethods[]
  url: string
  /**
   * Validation of the message. A message that fails it reaches the handler with `request.validationError` set only
   * when `validationReaches` is true; otherwise the host refuses it (`invalid-message`) before the handler runs.
   */
  schema?: FastifySchema
  validationReaches?: boolean
  /**
   * Answers the message: returns the reply, a promise of it (Fastify waits for it), or undefined once it has sent the
   * answer. Never a promise of anything else: Fastify sends what such a promise resolves to, with a 200, so an async
   * handler that forgot to return would allow; the type refuses it. Undefined before anything was sent leaves the
   * request unanswered.
   */
  handler (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply | undefined
}

/** A built adapter: its routes, and how explain reads one of its messages. */
export interface AdapterInstance {
  routes: AdapterRoute[]
  /**
   * Tells the media server's calls from forged ones before the body is read: a refusal reason
   * (see hook-auth.ts), or undefined for a genuine call.
   */
  authenticate? (request: FastifyRequest): string | undefined
  /**
   * Reads a message as `POST /v1/explain` receives it: the AccessRequest the adapter would decide, or why it would
   * refuse it. A UrlParseError it throws is read as a refusal with the error's reason, as on the route.
   */
  explain (message: unknown): AccessRequest | Refused
  /**
   * What its media server cannot do with a decision about `access` (see CannotCarryOut), as explain and `streamgate
   * check` show it: the check its route asks with, or the nearest one explain can know without the route's state.
   * `log` is where a misconfiguration it finds (a redirect location nothing can send) is reported; explain gives none.
   */
  cannotCarryOut? (access: AccessRequest, log?: FastifyBaseLogger): CannotCarryOut | undefined
}

/** One exchange of the generic fuzz run (test/fuzz/adapters.test.ts). */
export interface FuzzExchange {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
}

/**
 * Independent readings the fuzz run lends an oracle, so that it judges a message without the adapter's own code
 * (test/fuzz/judge.ts implements them apart from src/).
 */
export interface FuzzJudge {
  /** Whether a value is the allowed viewer's address, 198.51.100.7, in any spelling of that address. */
  isAllowedAddress (ip: unknown): boolean
  /**
   * Whether a URL (absolute, or a path completed by `host`) or a bare path is the stream `live/stream` (or a file
   * in its folder) when read strictly, as a media server that resolves nothing would.
   */
  isAllowedStream (url: string, host?: string): boolean
  /** Whether a JSON message has the required fields, types and string lengths of a wire schema. */
  fits (schema: object, message: Readonly<Record<string, unknown>>): boolean
  /** A JSON object as a lenient reader parses it, or undefined (not JSON, not an object, or a prototype key). */
  jsonObject (body: Buffer): Record<string, unknown> | undefined
}

/**
 * How the generic fuzz run (test/fuzz/adapters.test.ts) drives an adapter and judges its answers. The run enables
 * only this adapter (with `config`), under one policy: plays of `live/stream` from 198.51.100.7 are allowed,
 * everything else denied.
 */
export interface AdapterFuzz {
  /** The adapter's section of the config for the run (`enabled` is set by the run). */
  config?: Readonly<Record<string, unknown>>
  /**
   * How generated messages are written: JSON text, a form (application/x-www-form-urlencoded), or headers: the
   * run hands `exchange` the JSON text and `exchange` sends the fields as request headers, with no body.
   */
  encoding: 'json' | 'form' | 'headers'
  /** Messages the policy allows; the run mutates them. */
  seeds: ReadonlyArray<Readonly<Record<string, unknown>>>
  /** Values worth trying per field (near misses of the allowed ones). */
  interesting?: Readonly<Record<string, readonly unknown[]>>
  /** The request that carries a message. */
  exchange (body: Buffer): FuzzExchange
  /** The oracle: whether the policy must allow this body. */
  expected (body: Buffer, judge: FuzzJudge): 'allow' | 'refuse'
  /** Reads the adapter's answer; `{ malformed }` names what is wrong with it. */
  answered (status: number, headers: Readonly<Record<string, string | string[] | undefined>>, body: Buffer): 'allow' | 'refuse' | { malformed: string }
}

/**
 * The contract of every media-server adapter, built-in or not: one folder that declares its id, its config section
 * and schema, its routes (translation to an AccessRequest and back), its refusal, its explain reader and its fuzz
 * oracle. The adapter host (src/adapters/host.ts) does the rest: content-type handling, hook authentication, body
 * verification, refusals of unreadable messages, explain registration, logging and counting.
 */
export interface AdapterDefinition<Config extends AdapterConfigBase = AdapterConfigBase> {
  /** Its name in logs, metrics, explain and the error it is refused with: `nimble`, `nginx-rtmp`. */
  id: string
  /** Its section under `adapters:` in the config: `nimble`, `nginxRtmp`. */
  configKey: string
  /** JSON Schema of that section, with an `enabled` property; merged into the config schema. */
  configSchema: object
  /** Reason codes its refusals give beyond the built-in ones (src/core/reasons.ts): they are metric labels. */
  reasons?: readonly string[]
  /** Fastify plugins it needs besides policy and explain, by name (`streamgate-publish`). */
  dependencies?: readonly string[]
  /** How request bodies are read (see BodyMode). */
  body: BodyMode<Config>
  /** The largest body its media server sends, in bytes, when below `server.bodyLimit`: a larger one is refused unread (`bad-request`). */
  bodyLimit?: number
  /** Whether its media server asks about publishers too: a config that enables it needs a policy that publish requests match. */
  publishes?: boolean
  /** What a message the host refuses asked for, when the adapter can tell (a publish hook, say), for the decision line. */
  refusedAction? (request: FastifyRequest): Action | undefined
  /** The answer the media server reads as "no", for refusals made before any rule ran: never a 5xx. */
  refusal (reply: FastifyReply, reason: string, request: FastifyRequest, config: Readonly<Config>): FastifyReply
  /** Builds the adapter from its config; throwing stops the boot. */
  build (tools: AdapterTools<Config>): AdapterInstance | Promise<AdapterInstance>
  fuzz?: AdapterFuzz
}

/** Identity helper that gives adapters their types, as defineRule does for rules. */
export function defineAdapter<Config extends AdapterConfigBase> (definition: AdapterDefinition<Config>): AdapterDefinition<Config> {
  return definition
}
