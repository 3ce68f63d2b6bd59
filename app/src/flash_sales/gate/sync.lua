-- Brings an item's gate in line with the database, the source of truth.
-- KEYS[1]: the item's hash (see admit.lua).
-- ARGV: mode, now, quiet (ms), starts, ends, limit, left, expire at (Unix
--       ms), then member id and units pairs (only for 'load' and 'reload').
-- Modes:
--   'load'   sets the gate from the database whatever it holds (on start);
--   'check'  updates the window and limit, and answers 1 when the gate
--            needs the member counts to be reloaded: it is missing, or it
--            disagrees with the database on what is left while no buyer
--            has been admitted for `quiet` ms (so none is in flight);
--   'reload' reloads under the same condition, checked again here.
-- Answers 0 (nothing to do), 1 (call again with 'reload') or 2 (loaded).
local mode, now, quiet = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if mode ~= 'load' and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'starts', ARGV[4], 'ends', ARGV[5], 'limit', ARGV[6])
  redis.call('PEXPIREAT', KEYS[1], ARGV[8])
  local gate = redis.call('HMGET', KEYS[1], 'left', 'last')
  local settled = now - tonumber(gate[2] or '0') >= quiet
  if tonumber(gate[1]) == tonumber(ARGV[7]) or not settled then
    return 0
  end
end
if mode == 'check' then
  return 1
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'starts', ARGV[4], 'ends', ARGV[5], 'limit', ARGV[6],
  'left', ARGV[7], 'last', '0')
for i = 9, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 'm:' .. ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[8])
return 2
