import pkg from "../package.json" with { type: "json" };

/** Bundled at build time from package.json, so printing it reads no file. */
export const VERSION: string = pkg.version;
