// The client-side types and errors a store user meets (config parsing, calls), so `@mcpstore/store`
// (and the `mcpstore` umbrella) is enough to catch them by class.
export {
  ConfigError,
  type ConfigIssue,
  ConnectionClosedError,
  McpStoreClientError,
  RequestTimeoutError,
  type ServiceDefinition,
  ServiceUnavailableError,
  ToolCallAbortedError,
  ToolCallError,
  ToolCallTimeoutError,
} from "@mcpstore/mcp-client";
export {
  AmbiguousNameError,
  AmbiguousPromptError,
  AmbiguousToolError,
  type CatalogKind,
  InvalidOptionsError,
  McpStoreError,
  type NameCandidate,
  NameNotFoundError,
  type OptionIssue,
  PromptNotFoundError,
  ResourceNotFoundError,
  ServiceExistsError,
  ServiceNotFoundError,
  ServiceWaitTimeoutError,
  StorageRedisMissingError,
  StorageSetupError,
  StoreClosedError,
  ToolNotFoundError,
  WriteConflictError,
  WriteQueueFullError,
} from "./errors.js";
export type {
  EventStreamOptions,
  StorageStatusInfo,
  StoreEvent,
  StoreEventOf,
  StoreEventType,
} from "./events.js";
export { consoleLogger, type Logger } from "./logger.js";
export { McpJsonError, readMcpJson, writeMcpJsonServers } from "./mcp-json/mcp-json-file.js";
export { MCPStore } from "./mcp-store.js";
export type { McpJsonOptions, RedisNode, RedisOptions, SetupOptions } from "./options.js";
export type { ServiceOwner } from "./owner.js";
export { StoreContext } from "./store-context.js";
export type { AggregateState, InstanceState } from "./sync/records.js";
export { qualifiedToolName, TOOL_NAME_PATTERN } from "./tools/qualified-name.js";
export type * from "./types.js";
