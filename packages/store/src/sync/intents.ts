import type { ServiceDefinition } from "@mcpstore/mcp-client";
import type { ServiceOwner } from "../owner.js";
import type { ConfigDocument, VersionedConfig } from "./records.js";

/** What `addService` does when the name is taken by a different definition. */
export type IfExists = "replace" | "keep" | "error";

/**
 * A change to the registry, stated as intent rather than as storage operations, so it can be planned
 * again on top of whatever storage holds when a version race is lost or when a queued write is
 * replayed after an outage.
 */
export type Intent =
  | {
      readonly kind: "put";
      readonly name: string;
      readonly localName: string;
      readonly owner: ServiceOwner;
      readonly definition: ServiceDefinition;
      readonly ifExists: IfExists;
    }
  | {
      readonly kind: "patch";
      readonly name: string;
      /** Builds the new definition from the current one; run again after every lost race. */
      readonly apply: (current: ConfigDocument) => ServiceDefinition;
    }
  | { readonly kind: "remove"; readonly name: string };

export type Outcome =
  | {
      readonly kind: "written";
      readonly name: string;
      readonly doc: ConfigDocument;
      readonly version: number;
      readonly created: boolean;
    }
  | {
      readonly kind: "unchanged";
      readonly name: string;
      readonly doc: ConfigDocument;
      readonly version: number;
    }
  | {
      readonly kind: "removed";
      readonly name: string;
      readonly previous: ConfigDocument;
      readonly version: number;
    }
  /** patch/remove of a service that does not exist. */
  | { readonly kind: "absent"; readonly name: string }
  /** put with `ifExists: "error"` met a different definition; nothing of the batch was written. */
  | { readonly kind: "exists"; readonly name: string; readonly current: VersionedConfig };

export function isLive(current: VersionedConfig | null | undefined): current is VersionedConfig {
  return !!current && !current.doc.deleted;
}
