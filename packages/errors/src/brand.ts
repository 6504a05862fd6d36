/**
 * The mark every MCPStore error carries. `Symbol.for` gives the same symbol in every copy of this
 * package and every realm (worker, vm context), so an error made by one copy is still recognised by
 * another — `instanceof` alone fails as soon as a bundler or a second install duplicates the class.
 */
export const ERROR_BRAND: unique symbol = Symbol.for("@mcpstore/errors.MCPStoreError") as never;
