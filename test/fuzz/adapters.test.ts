import t from 'tap'
import { builtinAdapters } from '../../src/adapters/index.js'
import type { AdapterDefinition, AdapterFuzz } from '../../src/core/adapter.js'
import { echoAdapter } from '../fixtures/adapters/echo.js'
import { type FuzzCase, type Rng, deepNesting, fuzzAdapter, invalidUtf8, mutateBytes, mutateObject, randomBytes, randomValue, startTarget } from './harness.js'
import { judge } from './judge.js'

/** Every adapter that declares a fuzz oracle, the built-ins and a third-party one, runs the same way. */
const adapters: Array<AdapterDefinition> = [...builtinAdapters, echoAdapter]

/** Writes a (possibly mutated) message the way the adapter's media server would. */
function encode (fuzz: AdapterFuzz, text: string): Buffer {
  // a message sent in headers is written as JSON: the spec's exchange turns it into headers
  if (fuzz.encoding !== 'form') return Buffer.from(text)
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return Buffer.from(text)
  }
  // a value that has no fields is sent as the text it is
  if (message === null || typeof message !== 'object') return Buffer.from(text)
  const form = new URLSearchParams()
  for (const [name, value] of Object.entries(message)) {
    for (const one of [value].flat()) form.append(name, typeof one === 'string' ? one : JSON.stringify(one))
  }
  return Buffer.from(form.toString())
}

function generate (fuzz: AdapterFuzz, r: Rng): FuzzCase {
  const seed = r.pick(fuzz.seeds)
  const seedText = JSON.stringify(seed)
  const roll = r.next()
  const [kind, body] = roll < 0.1
    ? ['valid', encode(fuzz, seedText)]
    : roll < 0.55
      ? ['mutated fields', encode(fuzz, mutateObject(r, seed, fuzz.interesting))]
      : roll < 0.8
        ? ['mutated bytes', mutateBytes(r, encode(fuzz, seedText))]
        : roll < 0.88
          ? ['random value', encode(fuzz, JSON.stringify(randomValue(r)))]
          : roll < 0.93
            ? ['random bytes', randomBytes(r, 300)]
            : roll < 0.97
              ? ['invalid UTF-8', Buffer.concat([encode(fuzz, seedText), invalidUtf8(r)])]
              : ['deep nesting', Buffer.from(deepNesting(r))]
  const exchange = fuzz.exchange(body)
  return { kind, http: exchange, expected: fuzz.expected(body, judge) }
}

for (const definition of adapters) {
  const { fuzz } = definition
  if (fuzz === undefined) continue
  t.test(`${definition.id}: the generic fuzz run never allows what the oracle refuses`, async t => {
    const config = {
      server: { port: 0 },
      log: { level: 'info' },
      adapters: Object.fromEntries(adapters.map(a => [a.configKey, a === definition ? { ...fuzz.config, enabled: true } : { enabled: false }])),
      policies: [{ name: 'fuzz', match: { app: 'live', stream: 'stream' }, rules: [{ rule: 'ip-range', options: { allow: ['198.51.100.7'] } }], default: 'deny' }]
    }
    const target = await startTarget(t, config, { adapters: adapters.filter(a => !builtinAdapters.includes(a)) })
    const report = await fuzzAdapter(t, target, {
      name: definition.id,
      generate: r => generate(fuzz, r),
      outcomeOf: answer => fuzz.answered(answer.status, answer.headers, answer.body)
    }, 600)
    t.ok((report.kinds.valid?.allowed ?? 0) > 0, `the oracle is not vacuous: valid messages were allowed (${report.replay})`)
  })
}
