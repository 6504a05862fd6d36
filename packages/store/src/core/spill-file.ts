import { readFile, rm } from "node:fs/promises";
import type { ServiceDefinition } from "@mcpstore/mcp-client";
import { writeFileAtomic } from "../mcp-json/mcp-json-file.js";
import type { ServiceOwner } from "../owner.js";
import type { StatsDelta } from "../stats/stats-buffer.js";
import type { Intent } from "../sync/intents.js";
import type { Mirror } from "../sync/mirror.js";
import type { InDoubtFlush } from "./stats-flusher.js";

/** A registry change as it is kept on disk: the net effect on one service, no closures. */
export type SpilledChange =
  | {
      readonly kind: "put";
      readonly name: string;
      readonly localName: string;
      readonly owner: ServiceOwner;
      readonly definition: ServiceDefinition;
    }
  | { readonly kind: "remove"; readonly name: string };

/**
 * What `close()` could not deliver to unreachable storage, kept for the next start. It names the
 * dataspace it belongs to: replaying it anywhere else would write one application's changes into
 * another's registry. It holds service definitions as given (env values, headers), so it is written
 * readable by its owner only.
 */
export interface SpillDocument {
  readonly mcpstoreSpill: 1;
  readonly namespace: string;
  readonly dataspace: string;
  readonly instanceId: string;
  readonly writtenAt: number;
  readonly changes: readonly SpilledChange[];
  /** Call counts never sent. */
  readonly stats: readonly StatsDelta[];
  /** A stats flush whose outcome was unknown; replayed under its own condition so it counts once. */
  readonly statsInDoubt?: InDoubtFlush;
}

export async function writeSpillFile(path: string, doc: SpillDocument): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(doc, null, 2)}\n`);
}

/** The spill document at `path`; undefined when there is none. Throws on a file that is not one. */
export async function readSpillFile(path: string): Promise<SpillDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const doc = JSON.parse(text) as SpillDocument;
  if (doc?.mcpstoreSpill !== 1 || !Array.isArray(doc.changes) || !Array.isArray(doc.stats)) {
    throw new Error(`${path} is not an MCPStore spill file`);
  }
  return doc;
}

export async function removeSpillFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * The net effect of the queued changes per service, in the order of each one's last change: what the
 * mirror holds now (a put of its definition), or a removal if it holds nothing.
 */
export function netChanges(services: readonly string[], mirror: Mirror): SpilledChange[] {
  const seen = new Set<string>();
  const changes: SpilledChange[] = [];
  for (const service of [...services].reverse()) {
    if (seen.has(service)) continue;
    seen.add(service);
    const r = mirror.get(service);
    changes.unshift(
      r
        ? { kind: "put", name: r.name, localName: r.localName, owner: r.owner, definition: r.definition }
        : { kind: "remove", name: service },
    );
  }
  return changes;
}

/** The spilled changes as intents to commit again: acknowledged once, so they replace what is there. */
export function spilledIntents(doc: SpillDocument): Intent[] {
  return doc.changes.map((c) =>
    c.kind === "put" ? { ...c, ifExists: "replace" as const } : { kind: "remove" as const, name: c.name },
  );
}
