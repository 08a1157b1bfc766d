import { Writable } from 'node:stream'
import fc from 'fast-check'
import type { FastifyBaseLogger } from 'fastify'
import { pino } from 'pino'
import t from 'tap'
import type { DecisionLine } from '../../src/generated/decision-line.js'
import { epochTime, fieldsOf, logDecision } from '../../src/plugins/decision-line.js'
import { schemaById } from '../../src/schemas.js'

/** A pino logger writing into an array of lines. */
function capture (options: pino.LoggerOptions = {}): { log: pino.Logger, lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(...chunk.toString().split('\n').filter(l => l !== '')); done() } })
  return { log: pino({ level: 'info', base: { pid: 1, hostname: 'h' }, timestamp: () => ',"time":0', ...options }, stream), lines }
}

const SCHEMA = schemaById('decision-line') as { required: string[], properties: Record<string, { type: 'string' | 'number', enum?: string[] }> }

/**
 * Any line the schema allows, its fields in the schema's order (as record builds it): drawn from the schema itself, so
 * that a field added there and forgotten by fieldsOf fails these tests.
 */
const FIELDS = Object.fromEntries(Object.entries(SCHEMA.properties).map(([name, property]) => [name,
  property.enum !== undefined ? fc.constantFrom(...property.enum) : property.type === 'number' ? fc.double() : fc.string({ unit: 'binary', maxLength: 24 })
]))
const lines = fc.record(FIELDS, { requiredKeys: SCHEMA.required }) as unknown as fc.Arbitrary<DecisionLine>
const fullLines = fc.record(FIELDS) as unknown as fc.Arbitrary<DecisionLine>

const flush = async (): Promise<void> => { await new Promise(resolve => setImmediate(resolve)) }

const line: DecisionLine = { adapter: 'nimble', action: 'play', app: 'live', path: '/live/s/x.m3u8', stream: 's', protocol: 'HLS', ip: '198.51.100.7', outcome: 'allow', policy: 'p', rule: 'default', reason: 'all-abstained', ms: 0.0123 }

t.test('the line is the one pino writes for log.info(line, "decision"), whatever the fields hold', async t => {
  const ours = capture()
  const theirs = capture()
  const samples = fc.sample(lines, 400)
  for (const sample of samples) {
    logDecision(ours.log, sample)
    theirs.log.info(sample, 'decision')
  }
  await flush()
  t.equal(ours.lines.length, samples.length)
  t.same(ours.lines, theirs.lines, 'byte for byte: quotes, controls, any code point, NaN and Infinity included')
  t.ok(ours.lines.every(l => typeof JSON.parse(l) === 'object'), 'every line is JSON')
})

t.test('a lone surrogate is escaped, so the line reads back as it was logged (pino writes it raw, and stdout a U+FFFD)', async t => {
  const { log, lines } = capture()
  logDecision(log, { ...line, path: '/live/a\ud800b' })
  await flush()
  t.match(lines[0], '"path":"/live/a\\ud800b"')
  t.equal((JSON.parse(lines[0] as string) as DecisionLine).path, '/live/a\ud800b')
})

t.test('a child logger\'s bindings and the level are pino\'s', async t => {
  const { log, lines } = capture()
  logDecision(log.child({ instance: 'a"b' }), line)
  log.level = 'warn'
  logDecision(log, line)
  await flush()
  t.equal(lines.length, 1, 'nothing at warn')
  t.match(JSON.parse(lines[0] as string), { level: 30, instance: 'a"b', adapter: 'nimble', msg: 'decision' })
})

t.test('a logger whose lines pino would change (mixin, formatters, hooks, serializers, redaction, message key) gets pino itself', async t => {
  const variants: pino.LoggerOptions[] = [
    { mixin: () => ({ extra: 1 }) }, { formatters: { log: (o: object) => ({ ...o, extra: 1 }) } }, { messageKey: 'message' }, { msgPrefix: '[sg] ' },
    { redact: ['ip', 'subject'] }, { redact: { paths: ['ip'], remove: true } }, { redact: ['*.secret'] }, { serializers: { ip: () => 'hidden' } },
    { hooks: { logMethod (args, method) { method.apply(this, [{ ...(args[0] as object), extra: 1 }, ...args.slice(1)] as Parameters<typeof method>) } } }
  ]
  for (const options of variants) {
    const ours = capture(options)
    const theirs = capture(options)
    logDecision(ours.log, { ...line, subject: 'viewer@example.com' })
    theirs.log.info({ ...line, subject: 'viewer@example.com' }, 'decision')
    await flush()
    t.same(ours.lines, theirs.lines, `${Object.keys(options).join()} ${JSON.stringify(options)}`)
  }
  const calls: unknown[][] = []
  const notPino = { info: (...args: unknown[]) => { calls.push(args) } } as unknown as FastifyBaseLogger
  logDecision(notPino, line)
  t.same(calls, [[line, 'decision']], 'a logger that is not pino is called as any logger')
})

t.test('a time in whole µs is written as JSON.stringify writes the number, without its conversion', async t => {
  for (let us = 0; us < 2_000_000; us++) {
    const ms = us / 1000
    const text = fieldsOf({ ...line, ms })
    if (!text.endsWith(`,"ms":${JSON.stringify(ms)}`)) t.fail(`${us} µs: ${text}`)
  }
  fc.assert(fc.property(fc.integer({ min: 0, max: 2e12 }), us => fieldsOf({ ...line, ms: us / 1000 }).endsWith(`,"ms":${JSON.stringify(us / 1000)}`)), { numRuns: 100_000 })
  for (const ms of [0.0005, 1e-7, 123456789.1234, 999999999.999, 8e12 + 0.001, 2 ** 60, 1e21, -1, NaN, Infinity]) t.match(fieldsOf({ ...line, ms }), new RegExp(`,"ms":${JSON.stringify(ms).replace(/[.+]/g, '\\$&')}$`), String(ms))
  t.pass('two million times')
})

t.test('pino\'s default epoch time is written as pino writes it, made once per ms', async t => {
  const { log, lines } = capture({ timestamp: pino.stdTimeFunctions.epochTime })
  const before = Date.now()
  logDecision(log, line)
  await flush()
  const time = (JSON.parse(lines[0] as string) as { time: number }).time
  t.ok(time >= before && time <= Date.now(), `the time logged (${time}) is now`)
  t.match(lines[0], new RegExp(`^\\{"level":30,"time":${time},"pid":1,`), 'where pino writes it')
  const now = Date.now
  try {
    // the same ms twice: the text made for it the first time
    for (const ms of [1_000_000, 1_000_001, 1_764_000_000_000, 1_764_000_000_999, 1_764_000_999_999, 1_764_001_000_000, 1_764_001_000_000, 8.64e15, 999_999, 0]) {
      Date.now = () => ms
      t.equal(epochTime(), pino.stdTimeFunctions.epochTime(), `${ms}`)
    }
  } finally {
    Date.now = now
  }
})

t.test('the fields are JSON.stringify\'s text of the line, whatever its strings hold', async t => {
  fc.assert(fc.property(lines, sample => fieldsOf(sample) === ',' + JSON.stringify(sample).slice(1, -1)), { numRuns: 5000 })
  for (const full of fc.sample(fullLines, 20)) {
    t.same(Object.keys(JSON.parse('{' + fieldsOf(full).slice(1) + '}') as object), Object.keys(SCHEMA.properties), 'every field of the schema is written, in its order')
  }
  const { ms, ...before } = line
  for (const odd of ['"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '\ud83d\ude00', 'a"b\\c']) {
    const sample = { ...before, path: odd, reason: odd, subject: odd, ms }
    // named by code units: a raw U+2028 in an assertion's name would break the TAP stream's line
    t.equal(fieldsOf(sample), ',' + JSON.stringify(sample).slice(1, -1), Array.from(odd, c => `U+${(c.codePointAt(0) ?? 0).toString(16)}`).join(' '))
  }
})
