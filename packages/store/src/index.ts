export { importRedisModule } from "./core/open-storage.js";
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
export { McpJsonError, readMcpJson, writeFileAtomic, writeMcpJsonServers } from "./mcp-json/mcp-json-file.js";
export { MCPStore } from "./mcp-store.js";
export type { McpJsonOptions, RedisNode, RedisOptions, SetupOptions } from "./options.js";
export { normaliseRedisOptions } from "./options.js";
export type { ServiceOwner } from "./owner.js";
export { StoreContext } from "./store-context.js";
export type { AggregateState, InstanceState } from "./sync/records.js";
export { qualifiedToolName, TOOL_NAME_PATTERN } from "./tools/qualified-name.js";
export type * from "./types.js";
