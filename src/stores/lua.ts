/**
 * The store's multi-step operations as Redis scripts, each run atomically by Redis: several streamgate
 * instances on one Redis never interleave inside one. Lease times come from the Redis clock (TIME), so
 * instances with skewed clocks agree on when a lease ends.
 */

import { NOTES_KEPT } from './store.js'

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/**
 * A write that reaches Redis after its deadline (Redis clock ms; 0 for none) changes nothing: the rule that
 * asked has answered without it. This is what keeps a paused or sleeping Redis, which runs the queued
 * scripts seconds later, from charging and admitting viewers who were refused meanwhile.
 */
const refusePast = (deadline: string): string => `if tonumber(${deadline}) > 0 and now > tonumber(${deadline}) then
  return redis.error_reply('LATE past the deadline, nothing written')
end`

/**
 * The hash `key` notes `field` until `until` (Redis clock ms), and lives `ttlMs` from its latest note (Lua
 * expressions each). Notes past their time are dropped, and beyond NOTES_KEPT the soonest to end give way.
 */
const noteIn = (key: string, field: string, until: string, ttlMs: string): string => `do
  local others, all = {}, redis.call('HGETALL', ${key})
  for i = 1, #all, 2 do
    local at = tonumber(all[i + 1]) or 0
    if all[i] ~= ${field} then
      if at > now then others[#others + 1] = { all[i], at } else redis.call('HDEL', ${key}, all[i]) end
    end
  end
  table.sort(others, function (a, b) return a[2] < b[2] end)
  for i = 1, #others - ${NOTES_KEPT - 1} do redis.call('HDEL', ${key}, others[i][1]) end
  redis.call('HSET', ${key}, ${field}, ${until})
  if redis.call('PTTL', ${key}) < tonumber(${ttlMs}) then redis.call('PEXPIRE', ${key}, ${ttlMs}) end
end`

/** KEYS: notes; ARGV: field, ttlMs → 1 (acquireLease's note, when its key is of another Cluster slot) */
export const note = `${NOW_MS}
${noteIn('KEYS[1]', 'ARGV[1]', 'now + tonumber(ARGV[2])', 'ARGV[2]')}
return 1`

/**
 * KEYS: leases[, banned][, notes]; ARGV: member, limit, ttlMs, deadline, '1' when a banned key is given,
 * the note's field ('' for none) → {acquired, renewed, held, expiresAt, banned}. Everything that can fail is
 * checked before the first write: a script's error does not undo the writes made before it.
 */
export const acquireLease = `${NOW_MS}
${refusePast('ARGV[4]')}
local leases, member = KEYS[1], ARGV[1]
local notes = ARGV[6] ~= '' and KEYS[#KEYS] or nil
local notesType = notes and redis.call('TYPE', notes).ok
if notesType and notesType ~= 'none' and notesType ~= 'hash' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
if ARGV[5] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('ZREM', leases, member)
  return {0, 0, redis.call('ZCARD', leases), 0, 1}
end
local renewed = redis.call('ZSCORE', leases, member) ~= false
local held = redis.call('ZCARD', leases)
if not renewed and held >= tonumber(ARGV[2]) then return {0, 0, held, 0, 0} end
local expiresAt = now + tonumber(ARGV[3])
redis.call('ZADD', leases, expiresAt, member)
local last = redis.call('ZRANGE', leases, -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', leases, last[2])
if notes then
${noteIn('notes', 'ARGV[6]', 'expiresAt', 'ARGV[3]')}
end
if renewed then return {1, 1, held, expiresAt, 0} end
return {1, 0, held + 1, expiresAt, 0}`

/** KEYS: leases; ARGV: member, expiresAt → 1 when the lease that acquireLease took was ended */
export const undoLease = `local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score == false or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
return redis.call('ZREM', KEYS[1], ARGV[1])`

/** KEYS: leases[, banned]; ARGV: member[, banMs] → 1 when a live lease was ended */
export const releaseLease = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if KEYS[2] then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
return redis.call('ZREM', KEYS[1], ARGV[1])`

/** KEYS: leases → live leases as member, expiresAt pairs, soonest first */
export const listLeases = `${NOW_MS}
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')`

/**
 * KEYS: counter, marker; ARGV: amount, markerTtlMs, deadline, requestId → {status, balance}. The marker is a
 * hash of the requests relying on the charge ('*' for one that cannot be undone), so a late request's undo
 * refunds only when no other request was answered on the strength of the same charge.
 */
export const debitOnce = `${NOW_MS}
${refusePast('ARGV[3]')}
local raw = redis.call('GET', KEYS[1])
local balance = tonumber(raw or '0')
if balance == nil then return redis.error_reply('ERR value is not an integer') end
local relying = ARGV[4] == '' and '*' or ARGV[4]
local marker = redis.call('TYPE', KEYS[2]).ok
if marker ~= 'none' then
  if marker == 'hash' then redis.call('HSET', KEYS[2], relying, '1') end
  return {'repeat', balance}
end
local amount = tonumber(ARGV[1])
if balance < amount then return {'insufficient', balance} end
local left = redis.call('DECRBY', KEYS[1], amount)
redis.call('HSET', KEYS[2], relying, '1')
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {'charged', left}`

/** KEYS: counter, marker; ARGV: amount, requestId → 1 when the charge went back to the counter */
export const undoDebit = `if redis.call('TYPE', KEYS[2]).ok ~= 'hash' then return 0 end
if redis.call('HDEL', KEYS[2], ARGV[2]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[1])
return 1`

/** KEYS: hash; ARGV: field, value pairs → fields removed (each only while it still holds its value) */
export const hdelIfEqual = `local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then removed = removed + redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return removed`

/**
 * KEYS: hash; ARGV: field, expiry (epoch ms, '' for never) → the expiry the field holds after the call: the
 * one it held when that is '' or a number at least as late, else ARGV's (see Store.hsetLater).
 */
export const hsetLater = `local held = redis.call('HGET', KEYS[1], ARGV[1])
local heldAt = tonumber(held)
if held == '' or (heldAt ~= nil and ARGV[2] ~= '' and heldAt >= tonumber(ARGV[2])) then return held end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[2]`

/**
 * KEYS: one per op; ARGV[1]: the ops as JSON. Type errors are found before anything is written, so the
 * batch is all or nothing (a MULTI would apply the commands around a failing one).
 */
export const batch = `local ops = cjson.decode(ARGV[1])
local kinds = { hset = 'hash', hdel = 'hash', sadd = 'set', srem = 'set' }
for i, op in ipairs(ops) do
  local kind = kinds[op.op]
  local found = redis.call('TYPE', KEYS[i]).ok
  if kind ~= nil and found ~= 'none' and found ~= kind then
    return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
  end
end
for i, op in ipairs(ops) do
  local key = KEYS[i]
  if op.op == 'set' then
    if op.ttlMs then redis.call('SET', key, op.value, 'PX', op.ttlMs) else redis.call('SET', key, op.value) end
  elseif op.op == 'del' then redis.call('DEL', key)
  elseif op.op == 'hset' then
    for field, value in pairs(op.fields) do redis.call('HSET', key, field, value) end
  elseif op.op == 'hdel' then
    for _, field in ipairs(op.fields) do redis.call('HDEL', key, field) end
  elseif op.op == 'sadd' then
    for _, member in ipairs(op.members) do redis.call('SADD', key, member) end
  elseif op.op == 'srem' then
    for _, member in ipairs(op.members) do redis.call('SREM', key, member) end
  elseif op.op == 'expire' then redis.call('PEXPIRE', key, op.ttlMs)
  end
end
return 1`
