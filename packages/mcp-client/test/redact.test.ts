// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are the subject of these tests
import {
  redactArgs,
  redactDefinition,
  redactText,
  redactUrl,
  redactValue,
  type ServiceDefinition,
  secretsOf,
} from "@mcpstore/mcp-client";
import { describe, expect, it } from "vitest";

describe("redactValue", () => {
  it("hides literal secrets but keeps placeholders and the auth scheme", () => {
    expect(redactValue("sk-live-abcdef")).toBe("***");
    expect(redactValue("Bearer abc.def.ghi")).toBe("Bearer ***");
    expect(redactValue("Bearer ${API_TOKEN}")).toBe("Bearer ${API_TOKEN}");
    expect(redactValue("${A}${B}")).toBe("${A}${B}");
    expect(redactValue("${TOKEN:-fallback-secret}")).toBe("${TOKEN:-***}");
    expect(redactValue("prefix-${TOKEN}")).toBe("***");
    expect(redactValue("")).toBe("");
  });
});

describe("redactUrl", () => {
  it("hides URL passwords and secret-looking query values, nothing else", () => {
    expect(redactUrl("https://user:p%40ss@example.com/mcp?region=eu&api_key=abc123&token=${T}")).toBe(
      "https://user:***@example.com/mcp?region=eu&api_key=***&token=${T}",
    );
    expect(redactUrl("http://127.0.0.1:3001/mcp")).toBe("http://127.0.0.1:3001/mcp");
  });
});

describe("redactArgs", () => {
  it("hides the values of secret-looking flags", () => {
    expect(
      redactArgs(["-y", "server", "--api-key", "abc", "--token=xyz", "--port", "80", "--key=${K}"]),
    ).toEqual(["-y", "server", "--api-key", "***", "--token=***", "--port", "80", "--key=${K}"]);
  });
});

describe("redactDefinition", () => {
  it("hides env values, header values and URL passwords; keeps the shape", () => {
    const stdio: ServiceDefinition = {
      name: "s",
      type: "stdio",
      command: "npx",
      args: ["-y", "pkg", "--secret", "shh"],
      env: { API_KEY: "sk-1234", REF: "${API_KEY}" },
    };
    const remote: ServiceDefinition = {
      name: "r",
      type: "remote",
      url: "https://u:pw@x.example/mcp",
      transport: "auto",
      headers: { Authorization: "Bearer t0ken", "X-Ref": "${REF}" },
      timeoutMs: 5,
    };
    expect(redactDefinition(stdio)).toEqual({
      ...stdio,
      args: ["-y", "pkg", "--secret", "***"],
      env: { API_KEY: "***", REF: "${API_KEY}" },
    });
    expect(redactDefinition(remote)).toEqual({
      ...remote,
      url: "https://u:***@x.example/mcp",
      headers: { Authorization: "Bearer ***", "X-Ref": "${REF}" },
    });
    expect(stdio.env.API_KEY).toBe("sk-1234");
  });
});

describe("redactText", () => {
  it("hides given secrets and secret-looking patterns in free text", () => {
    const text =
      "spawn failed: KEY=sk-live-999 sent Authorization: Bearer abc.def to https://bob:hunter2@h/mcp?token=zzz9 password=letmein";
    expect(redactText(text, ["sk-live-999"])).toBe(
      "spawn failed: KEY=*** sent Authorization: Bearer *** to https://bob:***@h/mcp?token=*** password=***",
    );
  });

  it("leaves field paths of config errors readable", () => {
    const text = "mcpServers.w.env.API_KEY: environment variable K is not set; MY_API_KEY=abcdef";
    expect(redactText(text)).toBe(
      "mcpServers.w.env.API_KEY: environment variable K is not set; MY_API_KEY=***",
    );
  });

  it("ignores secrets too short to hide anything and leaves ordinary text alone", () => {
    expect(redactText("exit code 1 after 1 try", ["1"])).toBe("exit code 1 after 1 try");
  });

  it("hides the secrets of a resolved definition wherever they show up", () => {
    const resolved: ServiceDefinition = {
      name: "r",
      type: "remote",
      url: "https://u:pa55word@x.example/mcp?apikey=QQQQ",
      transport: "auto",
      headers: { Authorization: "Bearer tok-777" },
    };
    const secrets = secretsOf(resolved);
    expect(secrets).toEqual(expect.arrayContaining(["Bearer tok-777", "tok-777", "pa55word", "QQQQ"]));
    expect(redactText("server said: bad token tok-777; pass pa55word; key QQQQ", secrets)).toBe(
      "server said: bad token ***; pass ***; key ***",
    );
  });
});
