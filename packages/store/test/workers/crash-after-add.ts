// Sets up a store on an auto dataspace, adds a service, reports its dataspace, then dies without close().
import { MCPStore } from "@mcpstore/store";

const [url, namespace, leaseMs] = process.argv.slice(2);
const store = await MCPStore.setupStore({
  redis: { url: url!, namespace: namespace! },
  fallback: "error",
  autoDataspaceLeaseMs: Number(leaseMs),
});
await store.forStore().addService({ mcpServers: { s: { url: "http://127.0.0.1:9/mcp" } } });
console.log(JSON.stringify({ dataspace: store.dataspace }));
process.kill(process.pid, "SIGKILL");
