import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import type { StoreConfig } from '../../src/generated/store.js'
import { Balances } from '../../src/paywall/balances.js'
import { Sessions } from '../../src/paywall/sessions.js'
import { RedisStore } from '../../src/stores/redis.js'
import { nimble, nimbleBody } from '../helpers.js'

/** The onError answer is a redirect to this stub, so it cannot be mistaken for a limit or a balance deny. */
const STUB = 'http://media.example.com/sorry/stub/playlist.m3u8'
const WINDOW_SECONDS = 60
/** Enough for every request of a run: only the answers decide what is charged, never an empty balance. */
const STARTING_BALANCE = WINDOW_SECONDS * 1_000_000

export type Kind = 'ses' | 'pay'
/** outcome: allow, deny, on-error, or what else came back */
export interface Answer { kind: Kind, viewer: string, session: string, outcome: string }

/**
 * A config whose `ses` app counts sessions (`limit` per viewer) and whose `pay` app charges a window per
 * session, both with the given rule deadline (the default when none is given).
 */
export function paywallConfig (store: Partial<StoreConfig>, limit: number, timeoutMs?: number): object {
  const common = { viewer: { from: 'query', name: 'viewer' }, onError: { redirect: STUB }, ...(timeoutMs === undefined ? {} : { timeoutMs }) }
  return {
    store,
    policies: [
      { match: { app: 'ses' }, rules: [{ rule: 'concurrent-sessions', options: { ...common, limit, heartbeatSeconds: 600, onAdmitted: 'allow', onLimit: 'deny' } }], default: 'deny' },
      { match: { app: 'pay' }, rules: [{ rule: 'pay-per-minute', options: { ...common, windowSeconds: WINDOW_SECONDS, onCharged: 'allow', onExhausted: 'deny' } }], default: 'deny' }
    ]
  }
}

/** Starts one new session of `viewer` in the `kind` app. */
export async function ask (app: FastifyInstance, kind: Kind, viewer: string, session: string): Promise<Answer> {
  const { status, body } = await nimble(app, nimbleBody({ url: `/${kind}/s/playlist.m3u8?viewer=${viewer}`, session_id: session }))
  const outcome = status === 200 ? 'allow' : status === 403 ? 'deny' : status === 302 && body.redirect_location === STUB ? 'on-error' : `HTTP ${status}`
  return { kind, viewer, session, outcome }
}

/**
 * Returns once every write the app has sent, and every undo their replies set off, has been applied:
 * replies come in order on the app's one connection, undos are sent within the turn their reply is read.
 */
export async function settle (app: FastifyInstance): Promise<void> {
  await app.store.ping()
  await new Promise(resolve => setImmediate(resolve))
  await app.store.ping()
}

/** A store of its own on the app's Redis (through Sentinel too), to set up balances and read what Redis holds. */
export function checker (config: StoreConfig): { sessions: Sessions, balances: Balances, close: () => Promise<void> } {
  const store = new RedisStore({ ...config, commandTimeout: 5000 }, pino({ level: 'silent' }))
  return { sessions: new Sessions(store), balances: new Balances(store), close: async () => { await store.close() } }
}

export async function fund (config: StoreConfig, viewers: readonly string[]): Promise<void> {
  const { balances, close } = checker(config)
  try {
    for (const viewer of viewers) await balances.topUp(viewer, STARTING_BALANCE)
  } finally {
    await close()
  }
}

export interface Reconciliation {
  /** Sessions answered allow, and places Redis holds. */
  admitted: number
  held: number
  /** Admitted sessions without a place, and places of sessions that were never admitted. */
  missing: string[]
  phantom: string[]
  /** Windows answered allow, and windows taken from the balances. */
  paid: number
  charged: number
}

/** What Redis holds against what the viewers were told. */
export async function reconcile (config: StoreConfig, answers: readonly Answer[]): Promise<Reconciliation> {
  const { sessions, balances, close } = checker(config)
  const result: Reconciliation = { admitted: 0, held: 0, missing: [], phantom: [], paid: 0, charged: 0 }
  try {
    for (const viewer of new Set(answers.filter(a => a.kind === 'ses').map(a => a.viewer))) {
      const held = new Set((await sessions.list(viewer)).map(l => l.member))
      const admitted = new Set(answers.filter(a => a.kind === 'ses' && a.viewer === viewer && a.outcome === 'allow').map(a => a.session))
      result.admitted += admitted.size
      result.held += held.size
      result.missing.push(...[...admitted].filter(s => !held.has(s)))
      result.phantom.push(...[...held].filter(s => !admitted.has(s)))
    }
    for (const viewer of new Set(answers.filter(a => a.kind === 'pay').map(a => a.viewer))) {
      result.paid += new Set(answers.filter(a => a.kind === 'pay' && a.viewer === viewer && a.outcome === 'allow').map(a => a.session)).size
      result.charged += (STARTING_BALANCE - (await balances.read(viewer)).seconds) / WINDOW_SECONDS
    }
  } finally {
    await close()
  }
  return result
}

/** Clients asking at once in underLoad: at most this many requests are in flight when a fault strikes. */
export const CONCURRENCY = 16
const LOAD_VIEWERS = 20
/** The viewers underLoad asks for, per kind: fund the `pay` ones first. */
export const loadViewers = (kind: Kind): string[] => Array.from({ length: LOAD_VIEWERS }, (_, v) => `${kind}-v${v}`)

/** Keeps new sessions coming from CONCURRENCY clients, half counted, half charged, from 500 ms before `fault` to 500 ms after. */
export async function underLoad (app: FastifyInstance, fault: () => Promise<void>): Promise<Answer[]> {
  const answers: Answer[] = []
  let running = true
  let n = 0
  const client = async (): Promise<void> => {
    while (running) {
      const i = n++
      const kind: Kind = i % 2 === 0 ? 'ses' : 'pay'
      answers.push(await ask(app, kind, `${kind}-v${i % LOAD_VIEWERS}`, `s${i}`))
    }
  }
  const load = Promise.all(Array.from({ length: CONCURRENCY }, client))
  try {
    await sleep(500)
    await fault()
    await sleep(500)
  } finally {
    // a fault that failed stops the load too, so the test ends with its error rather than run on
    running = false
    await load
  }
  return answers
}

/** How many answers had each outcome. */
export function tally (answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const { kind, outcome } of answers) counts[`${kind} ${outcome}`] = (counts[`${kind} ${outcome}`] ?? 0) + 1
  return counts
}
