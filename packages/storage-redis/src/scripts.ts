import { createHash } from "node:crypto";

/** Anything that can run EVALSHA/EVAL: a Redis connection or a Cluster (which routes by the first key). */
export interface ScriptRunner {
  call(command: string, args: (string | number)[]): Promise<unknown>;
}

/** A Lua script sent by SHA (one round trip), loaded with EVAL the first time a server lacks it. */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(
    client: ScriptRunner,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    // One flat argument array, never spread: a batch can have more arguments than a call stack allows.
    const rest = ([keys.length] as (string | number)[]).concat(keys, args);
    try {
      return await client.call("EVALSHA", [this.sha].concat(rest as string[]));
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.call("EVAL", [this.source].concat(rest as string[]));
    }
  }
}

/** Integers in the sense of Redis (string2ll); shared by the scripts that rehearse HINCRBY. */
const IS_INTEGER = `
local function isint(v)
  return v == '0' or (#v <= 20 and string.match(v, '^%-?[1-9]%d*$') ~= nil)
end
`;

/**
 * The atomic batch. KEYS: one per op. ARGV: per op its name and arguments (see batch-encoding.ts).
 * 1. version conditions against the state before the batch (all conflicts reported);
 * 2. a rehearsal that follows each key's type (and HINCRBY fields) through the batch, so an op that
 *    would fail is found before anything is written — Redis does not roll back a script that errors;
 * 3. the writes.
 * Replies: {'ok', {opIndex, version, ...}, {eventId, ...}} | {'conflict', {opIndex, actual, ...}}
 *        | {'wrongtype', opIndex, type} | {'notinteger', opIndex} | {'overflow', opIndex}
 */
export const BATCH = new LuaScript(`
${IS_INTEGER}
local ops = {}
local p = 1
for i = 1, #KEYS do
  local op = { name = ARGV[p], key = KEYS[i] }
  p = p + 1
  if op.name == 'set' then op.value = ARGV[p]; op.ttl = ARGV[p + 1]; p = p + 2
  elseif op.name == 'hset' then
    local n = tonumber(ARGV[p]); op.fields = {}
    for j = 1, n do op.fields[j] = { ARGV[p + 2 * j - 1], ARGV[p + 2 * j] } end
    p = p + 1 + 2 * n
  elseif op.name == 'hdel' then
    local n = tonumber(ARGV[p]); op.fields = {}
    for j = 1, n do op.fields[j] = ARGV[p + j] end
    p = p + 1 + n
  elseif op.name == 'hincrby' then op.field = ARGV[p]; op.by = ARGV[p + 1]; p = p + 2
  elseif op.name == 'expire' then op.ttl = ARGV[p]; p = p + 1
  elseif op.name == 'put' then
    op.value = ARGV[p]; op.expected = ARGV[p + 1]; op.ttl = ARGV[p + 2]; op.version = ARGV[p + 3]; p = p + 4
  elseif op.name == 'delv' or op.name == 'chk' then op.expected = ARGV[p]; p = p + 1
  elseif op.name == 'xadd' then op.payload = ARGV[p]; op.maxlen = ARGV[p + 1]; p = p + 2
  end
  ops[i] = op
end

local function typeof(key) return redis.call('TYPE', key)['ok'] end
local function version(key) return tonumber(redis.call('HGET', key, 'version') or '0') end

local conflicts = {}
for i, op in ipairs(ops) do
  if op.name == 'put' or op.name == 'delv' or op.name == 'chk' then
    local t = typeof(op.key)
    if t ~= 'none' and t ~= 'hash' then return { 'wrongtype', i - 1, t } end
    local actual = version(op.key)
    if (op.expected ~= '' and actual ~= tonumber(op.expected))
      or (op.version ~= nil and op.version ~= '' and tonumber(op.version) <= actual) then
      conflicts[#conflicts + 1] = i - 1
      conflicts[#conflicts + 1] = actual
    end
  end
end
if #conflicts > 0 then return { 'conflict', conflicts } end

local sims = {}
local function sim(key)
  local s = sims[key]
  if not s then s = { t = typeof(key), fresh = false, f = {} }; sims[key] = s end
  return s
end
local function reset(s, t) s.t = t; s.fresh = true; s.f = {} end
for i, op in ipairs(ops) do
  local s = sim(op.key)
  local want = nil
  if op.name == 'hset' or op.name == 'hdel' or op.name == 'hincrby' or op.name == 'put' then want = 'hash'
  elseif op.name == 'xadd' then want = 'stream'
  elseif (op.name == 'delv' or op.name == 'chk') and s.t ~= 'none' then want = 'hash' end
  if want then
    if s.t ~= 'none' and s.t ~= want then return { 'wrongtype', i - 1, s.t } end
    s.t = want
  end
  if op.name == 'set' then reset(s, 'string')
  elseif op.name == 'del' or op.name == 'delv' then reset(s, 'none')
  elseif op.name == 'hset' then for _, fv in ipairs(op.fields) do s.f[fv[1]] = fv[2] end
  elseif op.name == 'hdel' then for _, f in ipairs(op.fields) do s.f[f] = false end
  elseif op.name == 'hincrby' then
    local cur = s.f[op.field]
    if cur == nil and not s.fresh then cur = redis.call('HGET', op.key, op.field) end
    if cur == false then cur = nil end
    if cur ~= nil and not isint(cur) then return { 'notinteger', i - 1 } end
    local sum = (tonumber(cur) or 0) + tonumber(op.by)
    if sum >= 9223372036854775807 or sum <= -9223372036854775808 then return { 'overflow', i - 1 } end
    s.f[op.field] = string.format('%.0f', sum)
  end
end

local function call_chunked(command, key, args)
  for start = 1, #args, 1000 do
    redis.call(command, key, unpack(args, start, math.min(start + 999, #args)))
  end
end
local versions = {}
local ids = {}
for i, op in ipairs(ops) do
  local key = op.key
  if op.name == 'set' then
    if op.ttl ~= '' then redis.call('SET', key, op.value, 'PX', op.ttl) else redis.call('SET', key, op.value) end
  elseif op.name == 'del' then redis.call('DEL', key)
  elseif op.name == 'hset' then
    local args = {}
    for _, fv in ipairs(op.fields) do args[#args + 1] = fv[1]; args[#args + 1] = fv[2] end
    call_chunked('HSET', key, args)
  elseif op.name == 'hdel' then call_chunked('HDEL', key, op.fields)
  elseif op.name == 'hincrby' then redis.call('HINCRBY', key, op.field, op.by)
  elseif op.name == 'expire' then redis.call('PEXPIRE', key, op.ttl)
  elseif op.name == 'put' then
    local v = version(key) + 1
    if op.version ~= '' then v = tonumber(op.version) end
    redis.call('HSET', key, 'value', op.value, 'version', string.format('%d', v))
    if op.ttl ~= '' then redis.call('PEXPIRE', key, op.ttl) else redis.call('PERSIST', key) end
    versions[#versions + 1] = i - 1
    versions[#versions + 1] = v
  elseif op.name == 'delv' then
    redis.call('DEL', key)
    versions[#versions + 1] = i - 1
    versions[#versions + 1] = 0
  elseif op.name == 'xadd' then
    ids[#ids + 1] = redis.call('XADD', key, 'MAXLEN', '~', op.maxlen, '*', 'p', op.payload)
  end
end
return { 'ok', versions, ids }
`);

/** setMany with TTLs: KEYS the keys; ARGV value, ttl ('' for none) per key. */
export const SET_MANY = new LuaScript(`
for i, key in ipairs(KEYS) do
  local value, ttl = ARGV[2 * i - 1], ARGV[2 * i]
  if ttl ~= '' then redis.call('SET', key, value, 'PX', ttl) else redis.call('SET', key, value) end
end
return #KEYS
`);

/** getManyVersioned: {value, version} per key, or {'wrongtype', index, type} before reading anything. */
export const GET_MANY_VERSIONED = new LuaScript(`
for i, key in ipairs(KEYS) do
  local t = redis.call('TYPE', key)['ok']
  if t ~= 'none' and t ~= 'hash' then return { 'wrongtype', i - 1, t } end
end
local out = {}
for i, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'value', 'version')
  out[2 * i - 1] = r[1]
  out[2 * i] = r[2]
end
return { 'ok', out }
`);

/** expire: PEXPIRE on every key; the number that existed. */
export const EXPIRE_MANY = new LuaScript(`
local n = 0
for _, key in ipairs(KEYS) do n = n + redis.call('PEXPIRE', key, ARGV[1]) end
return n
`);

/** Releases a lock only for its holder's token. */
export const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Extends a lock only for its holder's token. */
export const EXTEND_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
