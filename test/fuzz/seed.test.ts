import { createServer, type AddressInfo } from 'node:net'
import t from 'tap'
import { caseRng, DEFAULT_FUZZ_SEED, type FuzzSpec, fuzzSeed, judge, rawExchange } from './harness.js'

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

t.test('a raw exchange reads each answer by its framing: later answers apart, stray bytes as the first one\'s body', async t => {
  let reply = Buffer.alloc(0)
  const server = createServer(socket => { socket.end(reply) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as AddressInfo
  const exchange = async (answer: string) => {
    reply = Buffer.from(answer, 'latin1')
    const { status, body, later } = await rawExchange(port, Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    return [status, body.toString('latin1'), later]
  }
  t.same(await exchange('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}'), [204, '', [400]])
  t.same(await exchange('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 500 Oops\r\n\r\n'), [200, 'ok', [500]], 'a 5xx after the first answer is seen')
  t.same(await exchange('HTTP/1.1 204 No Content\r\n\r\nstray'), [204, 'stray', []], 'a body with a 204 is not hidden')
  t.same(await exchange('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok and more'), [200, 'ok and more', []], 'nor bytes beyond Content-Length')
  t.same(await exchange(''), [0, '', []], 'no answer')
  t.same(await exchange('HTTP/1.1 404 Not Found\r\ncontent-length: 21\r\n\r\nHTTP/1.1 500 Oops\r\n\r\n'), [404, '', [500]], 'an answer to HEAD has a length but no body')
  t.same(await exchange('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'), [204, '', []], 'an interim answer is not the answer')
  t.same(await exchange('HTTP/1.1 304 Not Modified\r\ncontent-length: 5\r\n\r\nHTTP/1.1 502 Bad Gateway\r\n\r\n'), [304, '', [502]])
})

t.test('a raw exchange is malformed when a request after the first gets a 5xx or an unreadable answer', async t => {
  const spec: FuzzSpec = { name: 'any', generate: () => { throw new Error('not generated here') }, outcomeOf: () => 'allow' }
  const sent = { kind: 'raw', raw: Buffer.from('GET / HTTP/1.1\r\n\r\n'), expected: 'refuse' as const }
  const judged = (status: number, later: number[]) => judge(spec, { status, headers: {}, body: Buffer.alloc(0), later }, sent)
  t.same(judged(200, [500]), { malformed: 'HTTP 500 to a request after the first' })
  t.same(judged(200, [403, 0]), { malformed: 'an unreadable answer to a request after the first' })
  t.same(judged(503, []), { malformed: 'HTTP 503' })
  t.equal(judged(200, [403]), 'allow', 'a later refusal leaves the first answer to the oracle')
  t.equal(judged(0, []), 'refuse', 'a closed connection allows nothing')
})
