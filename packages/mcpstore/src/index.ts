// The root entry: everything of the store. Redis code (ioredis) is loaded only when Redis is used:
// `setupStore({ redis })` or `createRedisAdapter()` import it on demand (see redis-lazy.ts).
export * from "@mcpstore/store";
export { createRedisAdapter, type RedisAdapterConfig } from "./redis-lazy.js";
