// The guide's "自动 vs 显式 Dataspace" and Q4: an auto dataspace is fresh per run and deleted on close;
// a fixed one persists and is shared.
//   pnpm --filter @mcpstore/examples example:dataspaces
import { MCPStore } from "mcpstore";
import { REDIS_URL } from "./shared.js";

const service = { mcpServers: { remote: { url: "http://127.0.0.1:9/mcp" } } };

// 自动 dataspace（推荐）: a unique id per setup.
const auto = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "default", dataspace: "auto" },
});
const autoId = auto.dataspace;
await auto.forStore().addService(service);
console.log(`[auto ${autoId}] 服务: ${(await auto.forStore().listServices()).length}`);
await auto.close();
// Looking at that id again after close: nothing is left (Q4).
const after = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "default", dataspace: autoId },
});
console.log(`[auto ${autoId} after close] 服务: ${(await after.forStore().listServices()).length}`);
await after.close();

// 显式 dataspace: persists across stores and runs.
const fixed = process.env.EXAMPLE_DATASPACE ?? "my_workspace";
const first = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "default", dataspace: fixed },
});
await first.forStore().addService(service);
await first.close();
const second = await MCPStore.setupStore({
  redis: { url: REDIS_URL, namespace: "default", dataspace: fixed },
});
console.log(
  `[fixed ${fixed} in a new store] 服务: ${JSON.stringify((await second.forStore().listServices()).map((s) => s.name))}`,
);
// Clean up so the example can run again from scratch.
await second.forStore().removeService("remote");
await second.close();
