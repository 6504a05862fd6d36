// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are the subject of these tests
import {
  ConfigError,
  parseServiceDefinitions,
  type ServiceDefinition,
  toMcpServersEntry,
} from "@mcpstore/mcp-client";
import { describe, expect, it } from "vitest";

const howtocook: ServiceDefinition = {
  name: "howtocook",
  type: "stdio",
  command: "npx",
  args: ["-y", "howtocook-mcp"],
  env: {},
};
const weather: ServiceDefinition = {
  name: "weather",
  type: "remote",
  url: "https://mcpstore.wiki/mcp",
  transport: "auto",
  headers: {},
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseServiceDefinitions(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("CONFIG_INVALID");
    return (error as ConfigError).issues;
  }
  throw new Error("expected a ConfigError");
}

describe("parseServiceDefinitions: the accepted shapes", () => {
  const guide = {
    mcpServers: {
      howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] },
      weather: { url: "https://mcpstore.wiki/mcp" },
    },
  };

  it("reads the guide's { mcpServers } document", () => {
    expect(parseServiceDefinitions(guide)).toEqual([howtocook, weather]);
  });

  it("reads VS Code's { servers } document with its type field", () => {
    expect(
      parseServiceDefinitions({
        inputs: [],
        servers: {
          howtocook: { type: "stdio", command: "npx", args: ["-y", "howtocook-mcp"] },
          weather: { type: "http", url: "https://mcpstore.wiki/mcp" },
          legacy: { type: "sse", url: "https://example.com/events" },
        },
      }),
    ).toEqual([
      howtocook,
      { ...weather, transport: "streamable-http" },
      { name: "legacy", type: "remote", url: "https://example.com/events", transport: "sse", headers: {} },
    ]);
  });

  it("reads a single { name, ...cfg } and an array of those", () => {
    expect(
      parseServiceDefinitions({ name: "howtocook", command: "npx", args: ["-y", "howtocook-mcp"] }),
    ).toEqual([howtocook]);
    expect(
      parseServiceDefinitions([
        { name: "howtocook", command: "npx", args: ["-y", "howtocook-mcp"] },
        { name: "weather", url: "https://mcpstore.wiki/mcp" },
      ]),
    ).toEqual([howtocook, weather]);
  });

  it("reads an array mixing documents and single services", () => {
    expect(
      parseServiceDefinitions([
        { mcpServers: { howtocook: { command: "npx", args: ["-y", "howtocook-mcp"] } } },
        { name: "weather", url: "https://mcpstore.wiki/mcp" },
      ]),
    ).toEqual([howtocook, weather]);
  });

  it("reads a JSON string of any shape", () => {
    expect(parseServiceDefinitions(JSON.stringify(guide))).toEqual([howtocook, weather]);
    expect(
      parseServiceDefinitions(JSON.stringify([{ name: "weather", url: "https://mcpstore.wiki/mcp" }])),
    ).toEqual([weather]);
  });

  it("accepts the canonical form itself, so persisted definitions read back unchanged", () => {
    const full: ServiceDefinition[] = [
      { ...howtocook, env: { TOKEN: "${TOKEN}" }, cwd: "/srv", timeoutMs: 1500 },
      { ...weather, transport: "sse", headers: { Authorization: "Bearer ${API_TOKEN}" }, timeoutMs: 20_000 },
    ];
    expect(parseServiceDefinitions(full)).toEqual(full);
  });

  it("keeps every stdio and remote field, timeout in seconds becoming timeoutMs", () => {
    expect(
      parseServiceDefinitions({
        mcpServers: {
          local: {
            command: "node",
            args: ["server.js", 8080],
            env: { PORT: 8080, DEBUG: true },
            cwd: "/srv",
            timeout: 2.5,
          },
          remote: {
            url: "http://127.0.0.1:9000/mcp",
            transport: "streamableHttp",
            headers: { "X-Api-Key": "${KEY}" },
            timeout: 10,
          },
        },
      }),
    ).toEqual([
      {
        name: "local",
        type: "stdio",
        command: "node",
        args: ["server.js", "8080"],
        env: { PORT: "8080", DEBUG: "true" },
        cwd: "/srv",
        timeoutMs: 2500,
      },
      {
        name: "remote",
        type: "remote",
        url: "http://127.0.0.1:9000/mcp",
        transport: "streamable-http",
        headers: { "X-Api-Key": "${KEY}" },
        timeoutMs: 10_000,
      },
    ]);
  });

  it("turns bearerToken into an Authorization header", () => {
    const [def] = parseServiceDefinitions({
      name: "w",
      url: "https://x.example/mcp",
      bearerToken: "${TOKEN}",
    });
    expect(def).toMatchObject({ headers: { Authorization: "Bearer ${TOKEN}" } });
  });

  it("keeps placeholders, even in a URL that is only valid once interpolated", () => {
    const [def] = parseServiceDefinitions({
      mcpServers: { w: { url: "${BASE_URL:-http://localhost:3000}/mcp" } },
    });
    expect(def).toMatchObject({ url: "${BASE_URL:-http://localhost:3000}/mcp" });
  });

  it("returns nothing for an empty document", () => {
    expect(parseServiceDefinitions({ mcpServers: {} })).toEqual([]);
    expect(parseServiceDefinitions([])).toEqual([]);
  });
});

describe("parseServiceDefinitions: every error names the service and the field", () => {
  it("a URL that is not one", () => {
    expect(issuesOf({ mcpServers: { weather: { url: "not a url" } } })).toEqual([
      { path: "mcpServers.weather.url", message: "not a URL" },
    ]);
    expect(() => parseServiceDefinitions({ mcpServers: { weather: { url: "not a url" } } })).toThrow(
      "mcpServers.weather.url: not a URL",
    );
  });

  it("a URL that is not http(s)", () => {
    expect(issuesOf({ servers: { w: { url: "ftp://x/mcp" } } })[0]).toMatchObject({ path: "servers.w.url" });
  });

  it("neither command nor url, and both", () => {
    expect(issuesOf({ mcpServers: { broken: {} } })).toEqual([
      { path: "mcpServers.broken", message: 'needs "command" (local service) or "url" (remote service)' },
    ]);
    expect(issuesOf({ mcpServers: { both: { command: "x", url: "http://x" } } })[0]?.path).toBe(
      "mcpServers.both",
    );
  });

  it("wrong field types, each with its own path, all reported at once", () => {
    const issues = issuesOf({
      mcpServers: {
        a: { command: "npx", args: "-y howtocook-mcp" },
        b: { command: "npx", env: { KEY: { nested: true } } },
        c: { url: "http://x/mcp", headers: { "Bad Header": "v" } },
        d: { url: "http://x/mcp", transport: "websocket" },
        e: { command: "npx", timeout: -1 },
      },
    });
    expect(issues.map((i) => i.path)).toEqual([
      "mcpServers.a.args",
      "mcpServers.b.env.KEY",
      "mcpServers.c.headers.Bad Header",
      "mcpServers.d.transport",
      "mcpServers.e.timeout",
    ]);
    expect(issues[0]?.message).toBe("must be an array of strings");
    expect(issues[3]?.message).toMatch(/unknown transport "websocket"/);
  });

  it("an unknown type, and a type contradicting the transport", () => {
    expect(issuesOf({ servers: { x: { type: "ws", url: "http://x" } } })[0]).toMatchObject({
      path: "servers.x.type",
    });
    expect(
      issuesOf({ servers: { x: { type: "sse", transport: "http", url: "http://x" } } })[0],
    ).toMatchObject({
      path: "servers.x.transport",
    });
  });

  it("a malformed placeholder, in the field that holds it", () => {
    expect(
      issuesOf({
        mcpServers: { w: { url: "http://x/mcp", headers: { Authorization: "Bearer ${1TOKEN}" } } },
      }),
    ).toEqual([
      {
        path: "mcpServers.w.headers.Authorization",
        message: 'malformed placeholder "${1TOKEN}" (use ${NAME} or ${NAME:-default})',
      },
    ]);
    expect(issuesOf({ name: "s", command: "run", args: ["${OPEN"] })[0]?.path).toBe("s.args[0]");
  });

  it("bad and duplicate service names", () => {
    expect(issuesOf({ name: "", command: "x" })[0]).toMatchObject({
      path: "name",
      message: "service name must not be empty",
    });
    expect(issuesOf({ mcpServers: { " padded ": { command: "x" } } })[0]?.message).toMatch(/whitespace/);
    expect(issuesOf([{ name: "twin", command: "a" }, { mcpServers: { twin: { command: "b" } } }])).toEqual([
      { path: "[1].mcpServers.twin", message: 'duplicate service name "twin" (also at twin)' },
    ]);
  });

  it("shapes it does not know, and JSON that does not parse", () => {
    expect(issuesOf(42)[0]?.message).toMatch(/expected \{ mcpServers/);
    expect(issuesOf({ command: "x" })[0]?.message).toMatch(/expected \{ mcpServers/);
    expect(issuesOf("{ not json")[0]?.message).toMatch(/not valid JSON/);
    expect(issuesOf({ mcpServers: [] })[0]).toMatchObject({ path: "mcpServers" });
  });

  it("both timeout and timeoutMs, and bearerToken next to an Authorization header", () => {
    expect(issuesOf({ name: "s", command: "x", timeout: 1, timeoutMs: 1000 })[0]?.path).toBe("s.timeout");
    expect(
      issuesOf({
        name: "s",
        url: "http://x/mcp",
        bearerToken: "t",
        headers: { authorization: "Bearer u" },
      })[0]?.path,
    ).toBe("s.bearerToken");
  });
});

describe("toMcpServersEntry", () => {
  it("writes the Claude/Cursor entry form, omitting defaults", () => {
    expect(toMcpServersEntry(howtocook)).toEqual({ command: "npx", args: ["-y", "howtocook-mcp"] });
    expect(toMcpServersEntry(weather)).toEqual({ url: "https://mcpstore.wiki/mcp" });
    expect(toMcpServersEntry({ ...weather, transport: "sse", headers: { A: "b" }, timeoutMs: 1500 })).toEqual(
      {
        url: "https://mcpstore.wiki/mcp",
        transport: "sse",
        headers: { A: "b" },
        timeout: 1.5,
      },
    );
  });

  it("round-trips through parseServiceDefinitions", () => {
    const defs: ServiceDefinition[] = [
      { ...howtocook, env: { K: "${K:-x}" }, cwd: "/tmp", timeoutMs: 1001 },
      { ...weather, transport: "streamable-http", headers: { Authorization: "Bearer ${T}" }, timeoutMs: 7 },
      weather,
    ];
    for (const def of defs) {
      expect(parseServiceDefinitions({ mcpServers: { [def.name]: toMcpServersEntry(def) } })).toEqual([def]);
    }
  });
});
