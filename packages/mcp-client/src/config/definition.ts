/** How a remote service is reached; `auto` tries streamable HTTP and falls back to SSE on a 4xx. */
export type RemoteTransport = "auto" | "streamable-http" | "sse";

/** A local service: a command spoken to over stdin/stdout. */
export interface StdioServiceDefinition {
  name: string;
  type: "stdio";
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Default per-call timeout for this service. */
  timeoutMs?: number;
}

/** A remote service reached over HTTP. */
export interface RemoteServiceDefinition {
  name: string;
  type: "remote";
  url: string;
  transport: RemoteTransport;
  headers: Record<string, string>;
  /** Default per-call timeout for this service. */
  timeoutMs?: number;
}

/**
 * One service, validated and canonical, with `${VAR}` placeholders kept: this is the form that is
 * persisted and shared between processes, so secrets referenced by placeholder never leave the machine
 * that resolves them. `resolveServiceDefinition` interpolates it at connect time.
 */
export type ServiceDefinition = StdioServiceDefinition | RemoteServiceDefinition;
