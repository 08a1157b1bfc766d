import type { FastifyBaseLogger } from 'fastify'
import { symbols, type Logger } from 'pino'
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
  return line => {
    if (pino.levelVal > INFO) return
    const fields = JSON.stringify(line)
    state[symbols.streamSym].write(level + state[symbols.timeSym]() + state[symbols.chindingsSym] +
      ',' + fields.slice(1, -1) + MESSAGE + state[symbols.endSym])
  }
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
