import t from 'tap'
import { caseRng, DEFAULT_FUZZ_SEED, fuzzSeed } from './harness.js'

t.test('npm test fuzzes on a fixed seed; FUZZ_SEED replays one or asks for a random one', async t => {
  t.equal(fuzzSeed(undefined), DEFAULT_FUZZ_SEED)
  t.equal(fuzzSeed(''), DEFAULT_FUZZ_SEED)
  t.equal(fuzzSeed('12345'), 12345)
  t.equal(fuzzSeed('4294967295'), 2 ** 32 - 1)
  const random = fuzzSeed('random')
  t.ok(Number.isInteger(random) && random >= 0 && random < 2 ** 32)
  for (const bad of ['-1', '1.5', 'abc', '4294967296', '0x10']) t.throws(() => fuzzSeed(bad), /FUZZ_SEED must be a whole number/, bad)
})

t.test('a seed and a case index regenerate the same case', async t => {
  const draw = (seed: number, index: number): number[] => {
    const r = caseRng(seed, index)
    return Array.from({ length: 5 }, () => r.int(1_000_000))
  }
  t.same(draw(7, 3), draw(7, 3))
  t.not(JSON.stringify(draw(7, 3)), JSON.stringify(draw(8, 3)))
})
