// `node --require ./require-hook.cjs`: the CommonJS counterpart of hooks.mjs.
const Module = require("node:module");

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === "ioredis" || request.startsWith("ioredis/")) {
    throw new Error(`ioredis was loaded (required from ${parent?.filename})`);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
