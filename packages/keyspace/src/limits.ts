/** Longest name (namespace, dataspace, service, tool, agent or lock), in UTF-16 code units. */
export const MAX_NAME_LENGTH = 256;

/** The dataspace value that asks for a fresh, unique id per setup (the guide's default). */
export const AUTO_DATASPACE = "auto";

/** The guide's default namespace. */
export const DEFAULT_NAMESPACE = "default";
