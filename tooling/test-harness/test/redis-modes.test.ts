import { existsSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { freePort, redisHarnessMode, startContainerRedis, useExternalRedis } from "../src/index.js";

describe("MCPSTORE_TEST_REDIS", () => {
  it("defaults to the binary and reads container and external:<url>", () => {
    expect(redisHarnessMode("")).toEqual({ name: "binary" });
    expect(redisHarnessMode(" binary ")).toEqual({ name: "binary" });
    expect(redisHarnessMode("container")).toEqual({ name: "container" });
    expect(redisHarnessMode("external:redis://:pw@10.0.0.5:6380")).toEqual({
      name: "external",
      url: "redis://:pw@10.0.0.5:6380",
    });
  });

  it("rejects anything else with a message that lists the modes", () => {
    expect(() => redisHarnessMode("docker")).toThrow(/binary \(default\), container or external:<redis url>/);
    expect(() => redisHarnessMode("external:localhost:6379")).toThrow(/redis:\/\/ or rediss:\/\//);
    try {
      redisHarnessMode("docker");
    } catch (error) {
      expect(error).toMatchObject({ code: "REDIS_HARNESS_BAD_MODE" });
    }
  });
});

describe("external mode", () => {
  it("takes a reachable server's URL apart into connection info", async () => {
    const shared = inject("redisWithPassword");
    const info = await useExternalRedis(shared.url);
    expect(info).toEqual({
      url: shared.url,
      host: "127.0.0.1",
      port: shared.port,
      password: shared.password,
    });
  });

  it("fails clearly when nothing answers at the URL", async () => {
    const port = await freePort();
    await expect(useExternalRedis(`redis://127.0.0.1:${port}`)).rejects.toMatchObject({
      code: "REDIS_TOPOLOGY_NOT_READY",
      message: expect.stringContaining(`external Redis 127.0.0.1:${port} does not answer PING`),
    });
  });
});

const dockerEngine = existsSync("/var/run/docker.sock") || process.env.DOCKER_HOST !== undefined;

describe("container mode", () => {
  it.skipIf(dockerEngine)(
    "says plainly that it needs a Docker engine when there is none",
    async () => {
      await expect(startContainerRedis()).rejects.toMatchObject({
        code: "REDIS_HARNESS_NO_DOCKER",
        message: expect.stringContaining("MCPSTORE_TEST_REDIS=container needs a Docker engine"),
      });
    },
    30_000,
  );
});
