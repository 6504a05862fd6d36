// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are the subject of these tests
import {
  ConfigError,
  parseServiceDefinitions,
  placeholderNames,
  resolveServiceDefinition,
  type ServiceDefinition,
} from "@mcpstore/mcp-client";
import { describe, expect, it } from "vitest";

const [stdio, remote] = parseServiceDefinitions({
  mcpServers: {
    local: {
      command: "${NODE_BIN:-node}",
      args: ["--port", "${PORT}", "--mode=${MODE:-dev}"],
      env: { API_KEY: "${API_KEY}", FIXED: "plain", FROM_VSCODE: "${env:API_KEY}" },
      cwd: "${WORKDIR:-/tmp}",
    },
    weather: {
      url: "${BASE_URL}/mcp",
      headers: { Authorization: "Bearer ${API_TOKEN}", "X-Region": "${REGION:-eu}" },
    },
  },
}) as [ServiceDefinition, ServiceDefinition];

describe("resolveServiceDefinition", () => {
  it("interpolates command, args, env, cwd, url and headers, with defaults", () => {
    const env = { PORT: "8080", API_KEY: "k-123", BASE_URL: "https://api.example.com", API_TOKEN: "tok" };
    expect(resolveServiceDefinition(stdio, env)).toEqual({
      name: "local",
      type: "stdio",
      command: "node",
      args: ["--port", "8080", "--mode=dev"],
      env: { API_KEY: "k-123", FIXED: "plain", FROM_VSCODE: "k-123" },
      cwd: "/tmp",
    });
    expect(resolveServiceDefinition(remote, env)).toEqual({
      name: "weather",
      type: "remote",
      url: "https://api.example.com/mcp",
      transport: "auto",
      headers: { Authorization: "Bearer tok", "X-Region": "eu" },
    });
  });

  it("uses the default when the variable is set but empty, as a shell does", () => {
    const def = resolveServiceDefinition(stdio, { PORT: "1", API_KEY: "k", MODE: "" });
    expect(def.type === "stdio" && def.args[2]).toBe("--mode=dev");
  });

  it("leaves the canonical definition untouched (it is what gets persisted)", () => {
    resolveServiceDefinition(remote, { BASE_URL: "http://x", API_TOKEN: "t" });
    expect(remote).toMatchObject({
      url: "${BASE_URL}/mcp",
      headers: { Authorization: "Bearer ${API_TOKEN}" },
    });
  });

  it("names every missing variable with its field", () => {
    let error: unknown;
    try {
      resolveServiceDefinition(remote, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: "mcpServers.weather.url",
        message: "environment variable BASE_URL is not set (and no default given)",
      },
      {
        path: "mcpServers.weather.headers.Authorization",
        message: "environment variable API_TOKEN is not set (and no default given)",
      },
    ]);
  });

  it("checks the URL once interpolated", () => {
    expect(() => resolveServiceDefinition(remote, { BASE_URL: "nonsense", API_TOKEN: "t" })).toThrow(
      "mcpServers.weather.url: not a URL",
    );
  });

  it("does not leak the value it interpolated into the error", () => {
    const [def] = parseServiceDefinitions({
      name: "w",
      url: "http://x/mcp",
      headers: { A: "${SECRET}${NL}" },
    });
    try {
      resolveServiceDefinition(def!, { SECRET: "hunter2-secret", NL: "\n" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as Error).message).toBe(
        "mcpServers.w.headers.A: must not contain line breaks or control characters",
      );
    }
  });

  it("defaults to process.env", () => {
    process.env.MCPSTORE_TEST_RESOLVE_PORT = "4242";
    try {
      const def = resolveServiceDefinition({
        name: "p",
        type: "stdio",
        command: "x",
        args: ["${MCPSTORE_TEST_RESOLVE_PORT}"],
        env: {},
      });
      expect(def.type === "stdio" && def.args).toEqual(["4242"]);
    } finally {
      delete process.env.MCPSTORE_TEST_RESOLVE_PORT;
    }
  });
});

describe("placeholderNames", () => {
  it("lists the variables a value needs", () => {
    expect(placeholderNames("${A}-${B:-x}-${env:C}-$D-${1bad}")).toEqual(["A", "B", "C"]);
  });
});
