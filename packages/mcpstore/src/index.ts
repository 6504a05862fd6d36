export { createRedisAdapter, type RedisAdapterConfig } from "@mcpstore/storage-redis";
export * from "@mcpstore/store";
