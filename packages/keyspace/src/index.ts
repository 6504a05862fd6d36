export { escapeComponent, unescapeComponent } from "./escape.js";
