export { isMCPStoreError, MCPStoreError } from "./mcpstore-error.js";
export { errorToJSON, type MCPStoreErrorJSON } from "./to-json.js";
