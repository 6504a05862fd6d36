export { normaliseServices, type ServiceConfig } from "./config.js";
