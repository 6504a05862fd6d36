export { type FixtureOptions, fixtureArgs, parseFixtureArgs } from "./options.js";
export { fixtureToolPages } from "./pages.js";
export { fixtureServerPath, fixtureStdioConfig } from "./paths.js";
export { type FixtureHttpOptions, type FixtureHttpServer, startFixtureHttpServer } from "./start-http.js";
export type { FixtureStats } from "./state.js";
