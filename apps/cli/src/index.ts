export { describeError, EXIT } from "./errors.js";
export { run } from "./run.js";
