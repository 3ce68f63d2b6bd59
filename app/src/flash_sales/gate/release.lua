-- Gives back what admit.lua took for a buyer the database then refused.
-- KEYS[1]: the item's hash. ARGV: member id.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local member = 'm:' .. ARGV[1]
redis.call('HINCRBY', KEYS[1], 'left', 1)
if redis.call('HINCRBY', KEYS[1], member, -1) <= 0 then
  redis.call('HDEL', KEYS[1], member)
end
return 1
