export { MCPStore, type SetupOptions } from "./mcp-store.js";
