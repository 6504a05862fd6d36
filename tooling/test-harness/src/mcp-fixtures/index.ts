export { type FixtureOptions, fixtureArgs } from "./options.js";
export { fixtureServerPath, fixtureStdioConfig } from "./paths.js";
export type { FixtureStats } from "./state.js";
