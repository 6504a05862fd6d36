export { createRedisAdapter, type RedisAdapterConfig } from "./create-redis-adapter.js";
