import type { Test } from 'tap'
import { NOTES_KEPT, type Store } from '../../src/stores/store.js'
import { eventually } from '../helpers.js'

/**
 * Expiry is asserted by waiting for it up to GONE_WITHIN, never by sleeping a guess; what must not have
 * expired yet lives a MINUTE, so a loaded machine cannot make a test late.
 */
const SHORT = 100
const RENEWED_WITHIN = 2000
const MINUTE = 60_000
const GONE_WITHIN = 10_000


/** The behaviour every Store must show; run against each implementation with a fresh store per subtest. */
export function storeContract (t: Test, open: (t: Test) => Promise<Store>): void {
  const withStore = (name: string, fn: (t: Test, store: Store) => Promise<void>): void => {
    t.test(name, async t => {
      const store = await open(t)
      t.teardown(() => store.close())
      await fn(t, store)
    })
  }

  withStore('strings: get, set, set if absent, del', async (t, store) => {
    t.equal(await store.get('a'), null)
    t.equal(await store.set('a', '1'), true)
    t.equal(await store.get('a'), '1')
    t.equal(await store.set('a', '2', { ifAbsent: true }), false, 'an existing key is kept')
    t.equal(await store.get('a'), '1')
    t.equal(await store.set('b', 'x', { ifAbsent: true }), true)
    t.equal(await store.del('a', 'b', 'missing'), 2)
    t.equal(await store.get('a'), null)
    t.equal(await store.del(), 0)
  })

  withStore('time to live: set with ttl, expire, ttl', async (t, store) => {
    // what must not have expired yet is given a minute, so a loaded machine cannot make it late
    await store.set('long', 'v', { ttlMs: MINUTE })
    const left = await store.ttl('long')
    t.ok(left !== null && left > MINUTE - 10_000 && left <= MINUTE, `ttl counts down from the one set (${left})`)
    await store.set('short', 'v', { ttlMs: SHORT })
    await store.set('forever', 'v')
    t.equal(await store.ttl('forever'), null)
    t.equal(await store.ttl('missing'), null)
    t.equal(await store.expire('forever', SHORT), true)
    t.equal(await store.expire('missing', SHORT), false)
    await eventually('keys with a short ttl expire', GONE_WITHIN, async () => await store.get('short') === null && await store.get('forever') === null)
    t.equal(await store.get('long'), 'v', 'a key whose ttl has not run out is kept')
    t.equal(await store.set('short', 'again', { ttlMs: MINUTE, ifAbsent: true }), true, 'an expired key counts as absent')
  })

  withStore('incrBy counts from 0, goes negative, refuses non-integers', async (t, store) => {
    t.equal(await store.incrBy('n', 5), 5)
    t.equal(await store.incrBy('n', -7), -2)
    t.equal(await store.get('n'), '-2')
    await t.rejects(store.incrBy('n', 1.5))
    await store.set('text', 'abc')
    await t.rejects(store.incrBy('text', 1), 'a non-integer value is refused')
  })

  withStore('hashes', async (t, store) => {
    t.same(await store.hgetall('h'), {})
    await store.hset('h', { name: 'cam1', owner: 'alice' })
    await store.hset('h', { active: '1' })
    await store.hset('h', {})
    t.equal(await store.hget('h', 'owner'), 'alice')
    t.equal(await store.hget('h', 'missing'), null)
    t.same(await store.hgetall('h'), { name: 'cam1', owner: 'alice', active: '1' })
    t.equal(await store.hdel('h', 'owner', 'missing'), 1)
    t.equal(await store.hdel('h', 'name', 'active'), 2)
    t.same(await store.hgetall('h'), {})
    t.equal(await store.hdel('h'), 0)
    t.equal(await store.ttl('h'), null, 'an emptied hash is gone')
  })

  withStore('hdelIfEqual removes only the fields that still hold the value given', async (t, store) => {
    await store.hset('h', { old: '1', renewed: '2', other: 'x' })
    t.equal(await store.hdelIfEqual('h', { old: '1', renewed: '1', missing: '1' }), 1, 'a field written again since it was read stays')
    t.same(await store.hgetall('h'), { renewed: '2', other: 'x' })
    t.equal(await store.hdelIfEqual('h', {}), 0)
    t.equal(await store.hdelIfEqual('nothing', { f: 'v' }), 0)
    t.equal(await store.hdelIfEqual('h', { renewed: '2', other: 'x' }), 2)
    t.equal(await store.ttl('h'), null, 'an emptied hash is gone')
    await store.set('str', 'x')
    await t.rejects(store.hdelIfEqual('str', { f: 'v' }), /WRONGTYPE/)
  })

  withStore('hsetLater keeps the later expiry, \'\' being the latest of all', async (t, store) => {
    t.equal(await store.hsetLater('h', 'f', '2000'), '2000', 'a new field takes the expiry')
    t.equal(await store.hsetLater('h', 'f', '1000'), '2000', 'an earlier one leaves it')
    t.equal(await store.hsetLater('h', 'f', '3000'), '3000', 'a later one replaces it')
    t.equal(await store.hsetLater('h', 'f', ''), '', 'never ending is later than any')
    t.equal(await store.hsetLater('h', 'f', '9000'), '', 'and stays')
    await store.hset('h', { bad: 'not-a-time' })
    t.equal(await store.hsetLater('h', 'bad', '10'), '10', 'a value that is no expiry counts as past')
    t.same(await store.hgetall('h'), { f: '', bad: '10' })
    await t.rejects(store.hsetLater('h', 'f', 'tomorrow'), { code: 'SG_STORE_NOT_INTEGER' })
    await t.rejects(store.hsetLater('h', 'g', '1.5'), { code: 'SG_STORE_NOT_INTEGER' })
    t.equal(await store.hget('h', 'g'), null, 'nothing written')
    await store.set('str', 'x')
    await t.rejects(store.hsetLater('str', 'f', '1'), /WRONGTYPE/)

    const expiries = Array.from({ length: 50 }, (_, i) => String(1000 + ((i * 37) % 50)))
    await Promise.all(expiries.map(async expiry => await store.hsetLater('race', 'f', expiry)))
    t.equal(await store.hget('race', 'f'), '1049', 'of parallel calls the latest expiry stays')
  })

  withStore('sets', async (t, store) => {
    t.equal(await store.sadd('s', 'a', 'b', 'a'), 2)
    t.equal(await store.sadd('s', 'b', 'c'), 1)
    t.same((await store.smembers('s')).sort(), ['a', 'b', 'c'])
    t.equal(await store.srem('s', 'a', 'z'), 1)
    t.equal(await store.sadd('s'), 0)
    t.equal(await store.srem('s'), 0)
    t.same(await store.smembers('missing'), [])
  })

  withStore('an operation on a key of another type is refused', async (t, store) => {
    await store.set('str', 'x')
    await store.hset('hash', { f: 'v' })
    await t.rejects(store.hget('str', 'f'), /WRONGTYPE/)
    await t.rejects(store.sadd('hash', 'm'), /WRONGTYPE/)
    await t.rejects(store.get('hash'), /WRONGTYPE/)
  })

  withStore('batch applies every write or none', async (t, store) => {
    await store.set('old', 'x')
    await store.batch([
      { op: 'hset', key: 'k:new', fields: { name: 'cam', owner: 'bob' } },
      { op: 'sadd', key: 'owner:bob', members: ['k:new'] },
      { op: 'del', key: 'old' },
      { op: 'set', key: 'live', value: '1', ttlMs: 5000 },
      { op: 'expire', key: 'owner:bob', ttlMs: 5000 }
    ])
    t.same(await store.hgetall('k:new'), { name: 'cam', owner: 'bob' })
    t.same(await store.smembers('owner:bob'), ['k:new'])
    t.equal(await store.get('old'), null)
    t.ok((await store.ttl('live') ?? 0) > 0)
    t.ok((await store.ttl('owner:bob') ?? 0) > 0)
    await store.batch([{ op: 'hdel', key: 'k:new', fields: ['owner'] }, { op: 'srem', key: 'owner:bob', members: ['k:new'] }])
    t.same(await store.hgetall('k:new'), { name: 'cam' })
    t.same(await store.smembers('owner:bob'), [])

    await store.set('str', 'x')
    await t.rejects(store.batch([
      { op: 'set', key: 'first', value: 'written?' },
      { op: 'hset', key: 'str', fields: { f: 'v' } }
    ]), /WRONGTYPE/)
    t.equal(await store.get('first'), null, 'nothing was written')
    await store.batch([])
  })

  withStore('leases: at most limit, a holder renews, release frees a place', async (t, store) => {
    const first = await store.acquireLease('viewer', 's1', 2, 5000)
    t.match(first, { acquired: true, renewed: false, held: 1, expiresAt: Number })
    t.match(await store.acquireLease('viewer', 's2', 2, 5000), { acquired: true, renewed: false, held: 2 })
    t.same(await store.acquireLease('viewer', 's3', 2, 5000), { acquired: false, renewed: false, held: 2 }, 'a refusal holds no lease')
    const before = Date.now()
    const renewal = await store.acquireLease('viewer', 's1', 2, 8000)
    const after = Date.now()
    t.match(renewal, { acquired: true, renewed: true, held: 2 }, 'a holder is never refused')
    const leases = await store.leases('viewer')
    t.same(leases.map(l => l.member), ['s2', 's1'], 'soonest expiring first')
    // 100 ms: the Redis clock and this process's may differ by that much
    const expiresAt = leases[1]?.expiresAt ?? 0
    t.ok(expiresAt >= before + 8000 - 100 && expiresAt <= after + 8000 + 100, `expiresAt is epoch ms (${expiresAt - before} ms after the call)`)
    t.equal(leases[1]?.expiresAt, renewal.expiresAt, 'acquireLease tells when the lease ends')
    t.equal(await store.releaseLease('viewer', 's2'), true)
    t.equal(await store.releaseLease('viewer', 's2'), false)
    t.match(await store.acquireLease('viewer', 's3', 2, 5000), { acquired: true, renewed: false, held: 2 })
    t.same(await store.leases('nobody'), [])
  })

  withStore('a ban refuses its member while it lives, and ends the lease the member holds', async (t, store) => {
    const ban = (member: string) => ({ bannedBy: `ban:{v}:${member}` })
    t.match(await store.acquireLease('ses:{v}', 'a', 2, MINUTE, undefined, ban('a')), { acquired: true, renewed: false, held: 1 }, 'no ban: admitted')
    await store.acquireLease('ses:{v}', 'b', 2, MINUTE, undefined, ban('b'))
    // the ban appears while the lease lives, as when a renewal took the place back just as it was kicked
    await store.set('ban:{v}:a', '1', { ttlMs: MINUTE })
    t.same(await store.acquireLease('ses:{v}', 'a', 2, MINUTE, undefined, ban('a')), { acquired: false, renewed: false, held: 1, banned: true },
      'the holder is refused, and its lease is over')
    t.same((await store.leases('ses:{v}')).map(l => l.member), ['b'])
    t.same(await store.acquireLease('ses:{v}', 'a', 2, MINUTE, undefined, ban('a')), { acquired: false, renewed: false, held: 1, banned: true }, 'and stays refused')
    t.match(await store.acquireLease('ses:{v}', 'c', 2, MINUTE, undefined, ban('c')), { acquired: true, renewed: false, held: 2 }, 'the place is free for another')

    t.equal(await store.releaseLease('ses:{v}', 'b', { key: 'ban:{v}:b', ttlMs: MINUTE }), true, 'a release with a ban ends the lease...')
    t.same(await store.acquireLease('ses:{v}', 'b', 2, MINUTE, undefined, ban('b')), { acquired: false, renewed: false, held: 1, banned: true }, '...and bans at once')
    const banLeft = await store.ttl('ban:{v}:b') ?? 0
    t.ok(banLeft > 0 && banLeft <= MINUTE, `for its ttl (${banLeft} ms left)`)
    t.equal(await store.releaseLease('ses:{v}', 'z', { key: 'ban:{v}:z', ttlMs: SHORT }), false, 'a member not holding a lease is banned too')
    t.match(await store.acquireLease('ses:{v}', 'z', 2, MINUTE, undefined, ban('z')), { banned: true })
    await eventually('a ban ends with its ttl', GONE_WITHIN, async () => await store.get('ban:{v}:z') === null)
    t.match(await store.acquireLease('ses:{v}', 'z', 2, MINUTE, undefined, ban('z')), { acquired: true, renewed: false, held: 2 })
  })

  withStore('a lease notes its holder in a hash that lives as long as its latest note', async (t, store) => {
    const noted = (field: string, key = 'owners:{s}') => ({ note: { key, field } })
    const a = await store.acquireLease('ses:{a}', 's', 1, SHORT, undefined, noted('a'))
    const b = await store.acquireLease('ses:{b}', 's', 1, MINUTE, undefined, noted('b'))
    const both = { a: String(a.expiresAt), b: String(b.expiresAt) }
    t.same(await store.hgetall('owners:{s}'), both, 'every holder is kept, noted with the time its lease ends: none takes the record from another')
    await store.acquireLease('ses:{c}', 'other', 1, MINUTE)
    t.match(await store.acquireLease('ses:{c}', 's', 1, MINUTE, undefined, noted('c')), { acquired: false })
    await store.set('ban:{d}', '1')
    t.match(await store.acquireLease('ses:{d}', 's', 1, MINUTE, undefined, { bannedBy: 'ban:{d}', ...noted('d') }), { banned: true })
    t.same(await store.hgetall('owners:{s}'), both, 'a refused member is not noted')
    const left = await store.ttl('owners:{s}') ?? 0
    t.ok(left > SHORT && left <= MINUTE, `the hash lives as long as the longest note (${left} ms left)`)

    await store.acquireLease('ses:{e}', 's', 1, SHORT, undefined, noted('e', 'owners:{short}'))
    await eventually('notes end with their ttl', GONE_WITHIN, async () => Object.keys(await store.hgetall('owners:{short}')).length === 0)

    await store.set('owners:{bad}', 'a string')
    await t.rejects(store.acquireLease('ses:{f}', 's', 1, MINUTE, undefined, noted('f', 'owners:{bad}')), 'a note that cannot be written fails the call...')
    t.same(await store.leases('ses:{f}'), [], '...and no lease was taken')
  })

  withStore('a lease with a limit or ttlMs that is not a positive integer is refused, and nothing written', async (t, store) => {
    await store.set('ban:{a}', '1')
    const ask = async (limit: number, ttlMs: number) =>
      await store.acquireLease('ses:{a}', 's', limit, ttlMs, undefined, { bannedBy: 'ban:{a}', note: { key: 'owners:{s}', field: 'a' } })
    for (const ttlMs of [1000.5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      await t.rejects(ask(1, ttlMs), { code: 'SG_STORE_NOT_POSITIVE' }, `ttlMs ${ttlMs}`)
    }
    for (const limit of [1.5, 0, -1, Number.NaN]) await t.rejects(ask(limit, MINUTE), { code: 'SG_STORE_NOT_POSITIVE' }, `limit ${limit}`)
    await store.del('ban:{a}')
    await t.rejects(ask(1, 1000.5), { code: 'SG_STORE_NOT_POSITIVE' }, 'nor with no ban to stop it')
    t.same(await store.leases('ses:{a}'), [], 'no place was taken')
    t.same(await store.hgetall('owners:{s}'), {}, 'no owner noted')
    t.equal(await store.ttl('ses:{a}'), null)
  })

  withStore('a note hash drops notes past their time, and keeps NOTES_KEPT at most, the soonest to end giving way', async (t, store) => {
    const noted = (field: string) => ({ note: { key: 'owners:{s}', field } })
    await store.acquireLease('ses:{long}', 's', 1, MINUTE, undefined, noted('long'))
    await store.acquireLease('ses:{short}', 's', 1, SHORT, undefined, noted('short'))
    await eventually('the short lease ends', GONE_WITHIN, async () => (await store.leases('ses:{short}')).length === 0)
    await store.acquireLease('ses:{next}', 's', 1, MINUTE, undefined, noted('next'))
    t.same(Object.keys(await store.hgetall('owners:{s}')).sort(), ['long', 'next'], 'a note past its time is dropped at the next')

    // members that choose their own fields: each new one makes the soonest to end give way
    const members = Array.from({ length: NOTES_KEPT + 3 }, (_, i) => `m${i}`)
    for (const [i, member] of members.entries()) await store.acquireLease(`ses:{${member}}`, 's', 1, 2 * MINUTE + i, undefined, noted(member))
    const kept = Object.keys(await store.hgetall('owners:{s}'))
    t.same(kept.sort(), members.slice(-NOTES_KEPT).sort(), `the ${NOTES_KEPT} latest to end are kept`)
    const last = members.at(-1)!
    await store.acquireLease(`ses:{${last}}`, 's', 1, 2 * MINUTE, undefined, noted(last))
    t.same(Object.keys(await store.hgetall('owners:{s}')).sort(), kept, 'a member noted again takes no other\'s place')
    await store.set('ban:{x}', '1')
    await store.acquireLease('ses:{x}', 's', 1, 3 * MINUTE, undefined, { bannedBy: 'ban:{x}', ...noted('x') })
    t.same(Object.keys(await store.hgetall('owners:{s}')).sort(), kept, 'nor does a refused one')
  })

  withStore('undoLease ends the lease a late acquisition took, not one renewed since', async (t, store) => {
    const late = await store.acquireLease('v', 'a', 1, 5000)
    t.equal(await store.undoLease('v', 'a', (late.expiresAt ?? 0) + 1), false, 'another expiry: not that lease')
    t.equal(await store.undoLease('v', 'a', late.expiresAt ?? 0), true)
    t.equal(await store.undoLease('v', 'a', late.expiresAt ?? 0), false, 'safe to repeat')
    t.same(await store.leases('v'), [])
    const taken = await store.acquireLease('v', 'b', 1, 5000)
    const renewed = await store.acquireLease('v', 'b', 1, 6000)
    t.equal(await store.undoLease('v', 'b', taken.expiresAt ?? 0), false, 'a renewal since keeps the place')
    t.same((await store.leases('v')).map(l => [l.member, l.expiresAt]), [['b', renewed.expiresAt]])
  })

  withStore('a write that reaches the store after its deadline changes nothing', async (t, store) => {
    const past = { at: performance.now() - 1000, requestId: 'r-late' }
    await store.incrBy('bal', 100)
    await t.rejects(store.acquireLease('v', 'a', 1, 5000, past), { code: 'SG_STORE_LATE' })
    await t.rejects(store.debitOnce('bal', 'm', 10, 5000, past), { code: 'SG_STORE_LATE' })
    t.same(await store.leases('v'), [])
    t.equal(await store.get('bal'), '100')
    const future = { at: performance.now() + 60_000, requestId: 'r-on-time' }
    t.match(await store.acquireLease('v', 'a', 1, 5000, future), { acquired: true })
    t.same(await store.debitOnce('bal', 'm', 10, 5000, future), { status: 'charged', balance: 90 })
  })

  withStore('undoDebit refunds once no request relies on the charge', async (t, store) => {
    const by = (requestId: string) => ({ at: performance.now() + 60_000, requestId })
    await store.incrBy('bal', 100)
    t.same(await store.debitOnce('bal', 'm', 10, 5000, by('r1')), { status: 'charged', balance: 90 })
    t.same(await store.debitOnce('bal', 'm', 10, 5000, by('r2')), { status: 'repeat', balance: 90 })
    t.equal(await store.undoDebit('bal', 'm', 10, 'r1'), false, 'r2 was answered on the same charge: it stays')
    t.equal(await store.get('bal'), '90')
    t.equal(await store.undoDebit('bal', 'm', 10, 'r2'), true, 'the last request relying on it is undone: refunded')
    t.equal(await store.get('bal'), '100')
    t.equal(await store.undoDebit('bal', 'm', 10, 'r2'), false, 'safe to repeat')
    t.equal(await store.undoDebit('bal', 'm', 10, 'r1'), false)
    t.equal(await store.get('bal'), '100')
    t.same(await store.debitOnce('bal', 'm', 10, 5000, by('r3')), { status: 'charged', balance: 90 }, 'a refunded window is charged again')
    t.same(await store.debitOnce('bal', 'n', 10, 5000), { status: 'charged', balance: 80 })
    t.same(await store.debitOnce('bal', 'n', 10, 5000, by('r4')), { status: 'repeat', balance: 80 })
    t.equal(await store.undoDebit('bal', 'n', 10, 'r4'), false, 'a charge made without a request id is never refunded')
    t.equal(await store.undoDebit('bal', 'unknown', 10, 'r1'), false)
    t.equal(await store.get('bal'), '80')
  })

  withStore('leases expire unless renewed', async (t, store) => {
    // 'k' is renewed well within its first ttl (two seconds, however loaded the machine), then 'a' is taken
    // with the same ttl: once 'a' is gone, so would 'k' be, unrenewed
    await store.acquireLease('kept', 'k', 1, RENEWED_WITHIN)
    t.match(await store.acquireLease('kept', 'k', 1, MINUTE), { acquired: true, renewed: true })
    await store.acquireLease('v', 'a', 1, RENEWED_WITHIN)
    await eventually('a lease not renewed expires', GONE_WITHIN, async () => (await store.leases('v')).length === 0)
    t.same((await store.leases('kept')).map(l => l.member), ['k'], 'a renewed lease outlives its first ttl')
    t.equal(await store.releaseLease('v', 'a'), false, 'an expired lease is not held')
    t.match(await store.acquireLease('v', 'b', 1, SHORT), { acquired: true, renewed: false, held: 1 }, 'its place is free')
    await eventually('the key goes with its last lease', GONE_WITHIN, async () => await store.ttl('v') === null && (await store.leases('v')).length === 0)
  })

  withStore('parallel acquisitions never exceed the limit', async (t, store) => {
    const results = await Promise.all(Array.from({ length: 200 }, async (_, i) => await store.acquireLease('crowd', `s${i}`, 7, 5000)))
    t.equal(results.filter(r => r.acquired).length, 7)
    t.equal((await store.leases('crowd')).length, 7)
  })

  withStore('debitOnce charges once per marker and refuses an overdraft', async (t, store) => {
    t.same(await store.debitOnce('bal', 'm:1', 60, 5000), { status: 'insufficient', balance: 0 }, 'a missing counter holds 0')
    t.equal(await store.get('m:1'), null, 'a refusal leaves no marker')
    await store.incrBy('bal', 150)
    t.same(await store.debitOnce('bal', 'm:1', 60, 5000), { status: 'charged', balance: 90 })
    t.same(await store.debitOnce('bal', 'm:1', 60, 5000), { status: 'repeat', balance: 90 })
    t.same(await store.debitOnce('bal', 'm:2', 60, 5000), { status: 'charged', balance: 30 })
    t.same(await store.debitOnce('bal', 'm:3', 60, 5000), { status: 'insufficient', balance: 30 })
    t.same(await store.debitOnce('bal', 'm:2', 60, 5000), { status: 'repeat', balance: 30 }, 'a repeat stays free when the balance is low')
    await t.rejects(store.debitOnce('bal', 'm:4', 0.5, 5000))
  })

  withStore('debitOnce charges again once the marker expired', async (t, store) => {
    await store.incrBy('bal', 100)
    await store.debitOnce('bal', 'm', 10, MINUTE)
    t.same(await store.debitOnce('bal', 'm', 10, SHORT), { status: 'repeat', balance: 90 }, 'a live marker: not charged again')
    await store.debitOnce('bal', 'n', 10, SHORT)
    await eventually('the marker expires', GONE_WITHIN, async () => (await store.debitOnce('bal', 'n', 10, MINUTE)).status === 'charged')
    t.equal(await store.get('bal'), '70', 'charged once more, once')
  })

  withStore('parallel retries of one debit charge exactly once', async (t, store) => {
    await store.incrBy('bal', 1000)
    const results = await Promise.all(Array.from({ length: 100 }, async () => await store.debitOnce('bal', 'same', 60, 5000)))
    t.equal(results.filter(r => r.status === 'charged').length, 1)
    t.equal(await store.get('bal'), '940')
  })

  withStore('ping answers while the store is reachable', async (t, store) => {
    await t.resolves(store.ping())
  })
}
