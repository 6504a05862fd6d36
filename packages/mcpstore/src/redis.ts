// `mcpstore/redis`: the Redis adapter package itself, for code that wants all of it up front. Importing
// this subpath loads ioredis; the root `mcpstore` entry never does until Redis is configured.
export * from "@mcpstore/storage-redis";
