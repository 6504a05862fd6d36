// Every error class a store user can meet, from every package, so `@mcpstore/store` (and the `mcpstore`
// umbrella) is enough to catch them by class. All extend MCPStoreError. The storage errors come from
// `@mcpstore/storage`, which never loads ioredis.
export { KeyspaceNameError } from "@mcpstore/keyspace";
export {
  ConfigError,
  type ConfigIssue,
  type ConnectFailureReason,
  ConnectionClosedError,
  McpStoreClientError,
  RequestAbortedError,
  RequestFailedError,
  RequestTimeoutError,
  ServiceAuthError,
  ServiceConnectError,
  type ServiceDefinition,
  ServiceUnavailableError,
  ToolCallAbortedError,
  ToolCallError,
  ToolCallTimeoutError,
  WaitTimeoutError,
} from "@mcpstore/mcp-client";
export {
  isStorageError,
  StorageAuthError,
  StorageClosedError,
  StorageCommandError,
  StorageConfigError,
  StorageConflictError,
  StorageCrossSlotError,
  StorageError,
  type StorageErrorCode,
  StorageInvalidArgumentError,
  StorageTimeoutError,
  StorageUnavailableError,
  StorageWrongTypeError,
} from "@mcpstore/storage";
export {
  AmbiguousNameError,
  AmbiguousPromptError,
  AmbiguousToolError,
  type CatalogKind,
  InvalidOptionsError,
  isMCPStoreError,
  MCPStoreError,
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
  type Unwritten,
  type UnwrittenChange,
  UnwrittenChangesError,
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
