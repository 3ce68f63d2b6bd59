-- Admits one buyer of a flash-sale item, or says why not, atomically.
-- KEYS[1]: the item's hash: starts, ends (Unix ms), limit, left, last
--          (when the last buyer was admitted) and m:<member> (units the
--          member holds or is being sold).
-- ARGV: now (Unix ms), member id.
local item = redis.call('HMGET', KEYS[1], 'starts', 'ends', 'limit', 'left')
if not item[1] then
  return 'unknown'
end
local now = tonumber(ARGV[1])
if now < tonumber(item[1]) then
  return 'not_started'
end
if now >= tonumber(item[2]) then
  return 'ended'
end
if tonumber(item[4]) <= 0 then
  return 'sold_out'
end
local member = 'm:' .. ARGV[2]
local bought = tonumber(redis.call('HGET', KEYS[1], member) or '0')
if bought >= tonumber(item[3]) then
  return 'limit'
end
redis.call('HINCRBY', KEYS[1], 'left', -1)
redis.call('HINCRBY', KEYS[1], member, 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
return 'admitted'
