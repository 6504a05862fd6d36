import { ConfigError } from "@mcpstore/mcp-client";
import { InvalidOptionsError } from "./errors.js";

/** Who added a service: the store itself (`forStore()`) or one agent (`forAgent(id)`). */
export type ServiceOwner = { readonly kind: "store" } | { readonly kind: "agent"; readonly agentId: string };

export const STORE_OWNER: ServiceOwner = Object.freeze({ kind: "store" });

/**
 * Separates agent id and local name in the global (store-view) name. Not allowed in service names or
 * agent ids, so `agent/name` can never be forged by a store-level service.
 */
export const AGENT_SEPARATOR = "/";

export function agentOwner(agentId: string): ServiceOwner {
  return { kind: "agent", agentId };
}

export function sameOwner(a: ServiceOwner, b: ServiceOwner): boolean {
  return a.kind === b.kind && (a.kind === "store" || a.agentId === (b as { agentId: string }).agentId);
}

export function ownerLabel(owner: ServiceOwner): string {
  return owner.kind === "store" ? "the store" : `agent "${owner.agentId}"`;
}

/** The name a service has in the store view: unchanged for store services, `agentId/name` for agents. */
export function globalServiceName(owner: ServiceOwner, localName: string): string {
  return owner.kind === "store" ? localName : `${owner.agentId}${AGENT_SEPARATOR}${localName}`;
}

const VALID_ID = /^[^/\p{Cc}]{1,128}$/u;

export function validateAgentId(agentId: unknown): string {
  if (typeof agentId !== "string" || !VALID_ID.test(agentId)) {
    throw new InvalidOptionsError([
      {
        path: "agentId",
        message: `must be 1-128 characters without control characters or "${AGENT_SEPARATOR}" (got ${JSON.stringify(agentId)})`,
      },
    ]);
  }
  return agentId;
}

/**
 * A service name the store cannot use. CONFIG_INVALID like every other problem in a service definition
 * (an empty name is refused by the config parser with the same code); OPTIONS_INVALID is for the
 * options of a call.
 */
export function validateServiceName(name: string): void {
  if (!VALID_ID.test(name)) {
    throw new ConfigError([
      {
        path: `mcpServers.${name}`,
        message: `a service name must be 1-128 characters without control characters or "${AGENT_SEPARATOR}"`,
      },
    ]);
  }
}
