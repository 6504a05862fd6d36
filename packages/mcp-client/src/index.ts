export type {
  CallToolResult,
  GetPromptResult,
  Implementation,
  Progress,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
export type {
  RemoteServiceDefinition,
  RemoteTransport,
  ServiceDefinition,
  StdioServiceDefinition,
} from "./config/definition.js";
export { toMcpServersEntry } from "./config/mcp-servers-entry.js";
export { parseServiceDefinitions } from "./config/parse.js";
export { placeholderNames } from "./config/placeholders.js";
export { resolveServiceDefinition } from "./config/resolve.js";
export type { Catalog, CatalogPart } from "./connection/catalog.js";
export type { StateChange } from "./connection/events.js";
export type {
  CallToolOptions,
  ConnectionOptions,
  ReconnectOptions,
  RequestCallOptions,
} from "./connection/options.js";
export { ServiceConnection, type ServiceConnectionInfo } from "./connection/service-connection.js";
export type { TransportKind } from "./connection/session.js";
export { acceptsCalls, type ServiceState } from "./connection/state.js";
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
  ServiceUnavailableError,
  ToolCallAbortedError,
  ToolCallError,
  ToolCallTimeoutError,
  WaitTimeoutError,
} from "./errors.js";
export {
  REDACTED,
  redactArgs,
  redactDefinition,
  redactText,
  redactUrl,
  redactValue,
  secretsOf,
} from "./redact.js";
