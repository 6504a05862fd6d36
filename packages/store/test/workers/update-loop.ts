// One writer of the concurrency test: updates one header of service "shared" `rounds` times in a row
// (racing the other writers), then reports what its own mirror ends up with.
import { MCPStore, type RedisOptions } from "@mcpstore/store";

const [redisJson, field, rounds] = process.argv.slice(2);
const store = await MCPStore.setupStore({ redis: JSON.parse(redisJson!) as RedisOptions, fallback: "error" });
const ctx = store.forStore();
const send = (m: Record<string, unknown>) => console.log(JSON.stringify(m));

while (!(await ctx.listServices()).some((s) => s.name === "shared"))
  await new Promise((r) => setTimeout(r, 20));
send({ ready: true });

process.on("message", async (m: { cmd: string; version?: number }) => {
  if (m.cmd === "go") {
    for (let i = 0; i < Number(rounds); i++) {
      await ctx.updateService("shared", { headers: { [`X-${field}`]: String(i), "X-Last": `${field}${i}` } });
    }
    send({ done: true });
  } else if (m.cmd === "report") {
    // Wait until this instance has applied the final version, then say what it holds.
    for (;;) {
      const info = await ctx.getService("shared");
      if (info.version >= m.version!) {
        const raw = await store.storage
          .getVersioned(`${store.namespace}:${store.dataspace}:services:shared:config`)
          .catch(() => null);
        send({
          report: true,
          version: info.version,
          headers: (info.config as { headers?: unknown }).headers,
          rawSeen: raw !== null,
        });
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await store.close();
    process.exit(0);
  }
});
