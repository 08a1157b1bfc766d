import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { DeadlineQueue } from '../../src/core/deadline-queue.js'

/** A call that records when it ran, and a latch that opens then. */
function recorder (log: string[], name: string): { call: () => void, ran: Promise<number> } {
  let opened: (at: number) => void = () => {}
  const ran = new Promise<number>(resolve => { opened = resolve })
  return { call: () => { log.push(name); opened(performance.now()) }, ran }
}

const timers = (): number => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length

t.test('each call runs its delay after it was added, in order, and not before', async t => {
  const queue = new DeadlineQueue(40)
  const log: string[] = []
  const first = recorder(log, 'first')
  const second = recorder(log, 'second')
  const firstAt = queue.add(first.call).at
  await sleep(15)
  const secondAt = queue.add(second.call).at
  const [ranFirst, ranSecond] = await Promise.all([first.ran, second.ran])
  t.same(log, ['first', 'second'])
  t.ok(ranFirst > firstAt - 1, `first ran ${(ranFirst - firstAt).toFixed(1)} ms after its time`)
  t.ok(ranSecond > secondAt - 1, `second ran ${(ranSecond - secondAt).toFixed(1)} ms after its time`)
  t.equal(queue.length, 0)
})

t.test('a cancelled call never runs, wherever it stands in the queue', async t => {
  const queue = new DeadlineQueue(20)
  const log: string[] = []
  const head = queue.add(recorder(log, 'head').call)
  const kept = recorder(log, 'kept')
  queue.add(kept.call)
  const middle = queue.add(recorder(log, 'middle').call)
  const last = recorder(log, 'last')
  queue.add(last.call)
  const tail = queue.add(recorder(log, 'tail').call)
  queue.cancel(head)
  queue.cancel(middle)
  queue.cancel(tail)
  await Promise.all([kept.ran, last.ran])
  // the timer armed for the tail finds nothing to run
  await sleep(40)
  t.same(log, ['kept', 'last'])
})

t.test('one timer serves every call waiting', async t => {
  const before = timers()
  const queue = new DeadlineQueue(30)
  const log: string[] = []
  const calls = Array.from({ length: 100 }, (_, i) => recorder(log, String(i)))
  for (const { call } of calls) queue.add(call)
  t.equal(timers(), before + 1, 'a hundred calls, one timer')
  await Promise.all(calls.map(({ ran }) => ran))
  t.same(log, calls.map((_, i) => String(i)), 'all run, in order')
  t.equal(timers(), before, 'and none is left armed')
})

t.test('cancelled calls do not pile up: those at the head go when the next is added, the rest once the live one before them ran', async t => {
  const queue = new DeadlineQueue(30)
  const log: string[] = []
  for (let i = 0; i < 5000; i++) queue.cancel(queue.add(() => { log.push('cancelled') }))
  t.ok(queue.length <= 1, `${queue.length} waiting after 5000 added and cancelled`)
  const live = recorder(log, 'live')
  queue.add(live.call)
  for (let i = 0; i < 3000; i++) queue.cancel(queue.add(() => { log.push('cancelled') }))
  t.equal(queue.length, 3001, 'behind a live call, cancelled ones wait')
  await live.ran
  t.equal(queue.length, 0, 'and go with it')
  const later = recorder(log, 'later')
  queue.add(later.call)
  await later.ran
  t.same(log, ['live', 'later'], 'a call added after the queue emptied arms it again')
})

t.test('a call that adds to its own queue while the queue fires: still one timer', async t => {
  const before = timers()
  const queue = new DeadlineQueue(20)
  let added = 0
  let chainEnded: () => void = () => {}
  const ended = new Promise<void>(resolve => { chainEnded = resolve })
  const again = (): void => { if (++added < 4) queue.add(again); else chainEnded() }
  const firstFired = new Promise<void>(resolve => { queue.add(again); queue.add(() => {}); queue.add(resolve) })
  await firstFired
  t.equal(timers(), before + 1, 'the re-arm and the call added from inside a call share one timer')
  await ended
  t.equal(added, 4, 'every call added from inside a call ran')
})
