export { freePort } from "./free-port.js";
// Redis topologies (owner: redis harness) and fixture MCP servers (owner: fixtures) add their
// `export * from "./redis/index.js";` and `export * from "./mcp-fixtures/index.js";` lines below.
export * from "./mcp-fixtures/index.js";
export { type LatencyProxy, startLatencyProxy } from "./net/latency-proxy.js";
export * from "./redis/index.js";
