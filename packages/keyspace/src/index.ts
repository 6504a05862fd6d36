export { autoDataspaceCreatedAt, isAutoDataspaceId, newAutoDataspaceId } from "./auto-dataspace.js";
export { type InvalidNameReason, KeyspaceNameError, type NameKind } from "./errors.js";
export { escapeComponent, unescapeComponent } from "./escape.js";
export { createKeyspace, type Keyspace, type KeyspaceOptions } from "./keyspace.js";
export { type KeyKind, type KeyPart, type NamedKeyKind, type ParsedKey, parseKey } from "./layout.js";
export { AUTO_DATASPACE, DEFAULT_NAMESPACE, MAX_NAME_LENGTH } from "./limits.js";
export { validateName } from "./validate.js";
