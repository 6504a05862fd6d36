import { MCPStoreError } from "@mcpstore/errors";

/** What kind of name a key component is, for error messages and validation. */
export type NameKind = "namespace" | "dataspace" | "service" | "tool" | "agent" | "lock";

/** Why a name was refused. */
export type InvalidNameReason = "not-a-string" | "empty" | "too-long" | "malformed";

/**
 * A name that cannot become part of a key. Thrown before any key is built, so nothing is written with a
 * bad name. `code` is stable; `kind` and `reason` say which name and why.
 */
export class KeyspaceNameError extends MCPStoreError {
  declare readonly code: "KEYSPACE_INVALID_NAME";
  readonly kind: NameKind;
  readonly reason: InvalidNameReason;

  constructor(kind: NameKind, reason: InvalidNameReason, message: string) {
    super("KEYSPACE_INVALID_NAME", message);
    this.kind = kind;
    this.reason = reason;
  }
}
