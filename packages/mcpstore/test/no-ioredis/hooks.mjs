// ESM resolve hook (registered by register.mjs): resolving ioredis fails the program at once, naming
// who asked for it, so a memory-only path that loads Redis code cannot pass unnoticed.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "ioredis" || specifier.startsWith("ioredis/")) {
    throw new Error(`ioredis was loaded (imported from ${context.parentURL})`);
  }
  return nextResolve(specifier, context);
}
