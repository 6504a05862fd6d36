import { escapeComponent } from "@mcpstore/keyspace";
import { compare, type Row } from "../measure.js";

// What escaping costs on the hot path of every storage write: an escaped key versus a naive template
// string for the same service names.
export async function run(): Promise<Row[]> {
  const names = Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? `svc:${i} {x}` : `service_${i}`));
  let i = 0;
  return [
    await compare({
      name: "keyspace: escaped service key",
      baseline: { label: "template string", run: () => `default:ws:services:${names[i++ & 63]}:config` },
      candidate: {
        label: "escapeComponent",
        run: () => `default:ws:services:${escapeComponent(names[i++ & 63]!)}:config`,
      },
      batch: 10_000,
      samples: 50,
    }),
  ];
}
