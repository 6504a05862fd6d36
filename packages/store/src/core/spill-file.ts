import { readFile, rm } from "node:fs/promises";
import type { ServiceDefinition } from "@mcpstore/mcp-client";
import { writeFileAtomic } from "../mcp-json/mcp-json-file.js";
import type { ServiceOwner } from "../owner.js";
import type { StatsDelta } from "../stats/stats-buffer.js";
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
