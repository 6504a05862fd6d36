import { createKeyspace, escapeComponent } from "@mcpstore/keyspace";
import { compare, type Row } from "../measure.js";

// What safe keys cost on the hot path of every storage write: escaping alone, and the full builder
// (validation + escaping), versus a naive template string for the same service names.
export async function run(): Promise<Row[]> {
  const names = Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? `svc:${i} {x}` : `service_${i}`));
  const ks = createKeyspace({ namespace: "default", dataspace: "ws" });
  let i = 0;
  const naive = { label: "template string", run: () => `default:ws:services:${names[i++ & 63]}:config` };
  return [
    await compare({
      name: "keyspace: escaped service key",
      baseline: naive,
      candidate: {
        label: "escapeComponent",
        run: () => `default:ws:services:${escapeComponent(names[i++ & 63]!)}:config`,
      },
      batch: 10_000,
      samples: 50,
    }),
    await compare({
      name: "keyspace: serviceConfig builder",
      baseline: naive,
      candidate: { label: "ks.serviceConfig", run: () => ks.serviceConfig(names[i++ & 63]!) },
      batch: 10_000,
      samples: 50,
    }),
  ];
}
