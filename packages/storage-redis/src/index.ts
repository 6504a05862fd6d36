export type { RedisAdapterConfig, RedisNodeAddress } from "./config.js";
export { DEFAULT_HEALTHCHECK_INTERVAL_SECONDS, DEFAULT_SOCKET_TIMEOUT_SECONDS } from "./config.js";
export { createRedisAdapter } from "./create-redis-adapter.js";
export type { RedisAdapter } from "./redis-adapter.js";
export { keySlot } from "./slot.js";
export { type ParsedRedisUrl, parseRedisUrl, redactUrl } from "./url.js";
