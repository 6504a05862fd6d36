import { fixtureStdioConfig } from "@mcpstore/test-harness";
import { expect, it } from "vitest";
import { MCPStore } from "../../src/index.js";

it("a removal marker keeps no secret of the removed service", async () => {
  const store = await MCPStore.setupStore({ dataspace: "ws" });
  try {
    const ctx = store.forStore();
    await ctx.addService({
      mcpServers: {
        sec: { ...fixtureStdioConfig(), env: { API_TOKEN: "tok-SECRET-123" } },
        web: {
          url: "http://user:pw-SECRET-456@127.0.0.1:9/mcp",
          headers: { Authorization: "Bearer hdr-SECRET-789" },
        },
      },
    });
    await ctx.removeService("sec");
    await ctx.removeService("web");
    for (const name of ["sec", "web"]) {
      const marker = await store.storage.getVersioned(`default:ws:services:${name}:config`);
      expect(marker, name).not.toBeNull();
      expect(JSON.parse(marker!.value)).toMatchObject({ deleted: true, name });
      expect(marker!.value).not.toMatch(/SECRET/);
    }
  } finally {
    await store.close();
  }
});
