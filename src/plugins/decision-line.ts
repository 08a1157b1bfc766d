import type { FastifyBaseLogger } from 'fastify'
import { stdTimeFunctions, symbols, type Logger } from 'pino'
import { memoize } from '../core/memo.js'
import type { DecisionLine } from '../generated/decision-line.js'
import { schemaById } from '../schemas.js'

type LineWriter = (line: DecisionLine) => void

const INFO = 30
const MESSAGE = ',"msg":"decision"'

const FIELDS = Object.keys((schemaById('decision-line') as { properties: object }).properties)

// pino exports it at run time; its typings lack it
const msgPrefixSym = (symbols as unknown as Record<string, symbol>).msgPrefixSym as symbol

/** The pino internals a line is assembled from; all are exported as `pino.symbols` for integrations like this one. */
interface PinoState {
  [symbols.lsCacheSym]: Record<number, string>
  [symbols.timeSym]: () => string
  [symbols.chindingsSym]: string
  [symbols.streamSym]: { write: (line: string) => void, [symbols.needsMetadataGsym]?: boolean }
  [symbols.endSym]: string
  [symbols.formattersSym]: { log?: unknown }
  [symbols.mixinSym]?: unknown
  [symbols.hooksSym]: { streamWrite?: unknown, logMethod?: unknown }
  [symbols.serializersSym]: Record<string, unknown>
  /** Redaction's: by top-level key, and a wildcard. */
  [symbols.stringifiersSym]: Record<string | symbol, unknown>
  [symbols.messageKeySym]: string
  [symbols.nestedKeySym]?: unknown
  [msgPrefixSym]?: unknown
}

/**
 * Writes the line pino would write for `log.info(line, 'decision')`, its fields serialised by JSON.stringify at
 * once instead of pino's walk over any object's keys (serializers, redaction, escaping each value): the decision
 * line is written for every request, and it holds only strings and numbers (schemas/decision-line.schema.json). A
 * logger this cannot speak for (not pino, or one with formatters, a mixin, hooks, serializers or redaction that could
 * change the line) gets `log.info`.
 */
function writerFor (log: FastifyBaseLogger): LineWriter {
  const pino = log as unknown as Logger & Partial<PinoState>
  const stream = pino[symbols.streamSym]
  const level = pino[symbols.lsCacheSym]?.[INFO]
  const plain = stream !== undefined && stream[symbols.needsMetadataGsym] !== true &&
    pino[symbols.formattersSym]?.log === undefined && pino[symbols.mixinSym] == null &&
    pino[symbols.hooksSym]?.streamWrite === undefined && pino[symbols.messageKeySym] === 'msg' &&
    pino[symbols.nestedKeySym] == null && pino[msgPrefixSym] == null && pino[symbols.endSym] !== undefined &&
    pino[symbols.hooksSym]?.logMethod === undefined && pino[symbols.stringifiersSym]?.[symbols.wildcardFirstSym] === undefined &&
    FIELDS.every(field => pino[symbols.serializersSym]?.[field] === undefined && pino[symbols.stringifiersSym]?.[field] === undefined)
  if (level === undefined || !plain) return line => { log.info(line, 'decision') }
  const state = pino as unknown as PinoState
  const time = state[symbols.timeSym] === stdTimeFunctions.epochTime ? epochTime : state[symbols.timeSym]
  return line => {
    if (pino.levelVal > INFO) return
    state[symbols.streamSym].write(level + time() + state[symbols.chindingsSym] +
      fieldsOf(line) + MESSAGE + state[symbols.endSym])
  }
}

let lastMs = -1
let lastTime = ''

/**
 * pino's default time field, `,"time":` and the epoch ms, made once per ms: the ms since the epoch are past 2³¹, a
 * number String() converts with its general algorithm, so they are written as two small integers, the millions and
 * the six digits after them.
 */
export function epochTime (): string {
  const now = Date.now()
  if (now === lastMs) return lastTime
  const millions = Math.floor(now / 1e6)
  lastMs = now
  lastTime = millions > 0 ? ',"time":' + String(millions) + String(now - millions * 1e6 + 1e6).slice(1) : `,"time":${now}`
  return lastTime
}

/** What JSON.stringify escapes in a string: quotes, backslashes, controls and lone surrogates (any surrogate sends a string to JSON.stringify, which tells). */
// eslint-disable-next-line no-control-regex
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/** `,"name":` and a string as JSON text, from `open`: `,"name":"`. */
const quoted = (open: string, value: string): string => ESCAPED.test(value) ? open.slice(0, -1) + JSON.stringify(value) : open + value + '"'

/** `,"name":` and a number as JSON text. */
const numeric = (key: string, value: number): string => key + (Number.isFinite(value) ? String(value) : 'null')

/** A field whose few values repeat on every line (the adapter, the policy, the rule...): its text remembered by value. */
const repeating = (name: string): (value: string) => string => memoize(value => `,"${name}":${JSON.stringify(value)}`, 256)

const adapterField = repeating('adapter')
const actionField = repeating('action')
const outcomeField = repeating('outcome')
const policyField = repeating('policy')
const ruleField = repeating('rule')
const reasonField = repeating('reason')

/** `.001` to `.999` as a number's shortest text writes them (no trailing zero), `''` for none. */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, n) => n === 0 ? '' : ('.' + String(n).padStart(3, '0')).replace(/0+$/, ''))

/**
 * A duration in ms as JSON text: a whole number of µs (as record writes it) without the general number-to-text
 * conversion. Below 10⁹ ms a double resolves far finer than a µs, so k/1000 is the shortest text of the number.
 */
function msText (ms: number): string {
  const us = Math.round(ms * 1000)
  if (!(us >= 0 && us < 1e12 && us / 1000 === ms)) return numeric(',"ms":', ms)
  const fraction = us % 1000
  return ',"ms":' + String((us - fraction) / 1000) + (THOUSANDTHS[fraction] as string)
}

/**
 * The fields of a line as JSON text, `,` first, in the schema's order: JSON.stringify's text for an object with those
 * fields in that order (record builds it so). Written field by field, most strings as they are: JSON.stringify
 * looked up and escaped every field of every line.
 */
export function fieldsOf (line: DecisionLine): string {
  let text = adapterField(line.adapter)
  if (line.action !== undefined) text += actionField(line.action)
  if (line.app !== undefined) text += quoted(',"app":"', line.app)
  if (line.path !== undefined) text += quoted(',"path":"', line.path)
  if (line.stream !== undefined) text += quoted(',"stream":"', line.stream)
  if (line.protocol !== undefined) text += quoted(',"protocol":"', line.protocol)
  if (line.ip !== undefined) text += quoted(',"ip":"', line.ip)
  text += outcomeField(line.outcome) + policyField(line.policy) + ruleField(line.rule) + reasonField(line.reason)
  if (line.subject !== undefined) text += quoted(',"subject":"', line.subject)
  if (line.lifetime !== undefined) text += numeric(',"lifetime":', line.lifetime)
  return text + msText(line.ms)
}

const writers = new WeakMap<FastifyBaseLogger, LineWriter>()

/** Logs one decision at info: the line every decision leaves. */
export function logDecision (log: FastifyBaseLogger, line: DecisionLine): void {
  let write = writers.get(log)
  if (write === undefined) {
    write = writerFor(log)
    writers.set(log, write)
  }
  write(line)
}
