import { describe, expect, it } from "vitest";
import { InvalidOptionsError } from "../../src/errors.js";
import { normaliseRedisOptions, validateSetupOptions } from "../../src/options.js";

describe("normaliseRedisOptions", () => {
  it("accepts the guide's config verbatim (snake_case, password null) and takes namespace and dataspace out", () => {
    const n = normaliseRedisOptions({
      url: "redis://localhost:6379/0",
      password: null,
      namespace: "bendi",
      dataspace: "auto",
      socket_timeout: 2.0,
      healthcheck_interval: 30,
    } as never);
    expect(n.namespace).toBe("bendi");
    expect(n.dataspace).toBe("auto");
    expect(n.healthcheckIntervalMs).toBe(30_000);
    // Connection settings go to the adapter as given; it understands the snake_case names.
    expect(n.adapterConfig).toEqual({
      url: "redis://localhost:6379/0",
      password: null,
      socket_timeout: 2.0,
      healthcheck_interval: 30,
    });
  });

  it("takes a bare URL, fills the guide's defaults, and reads the camelCase interval", () => {
    const n = normaliseRedisOptions("redis://:pw@127.0.0.1:7000/2");
    expect(n.adapterConfig).toEqual({ url: "redis://:pw@127.0.0.1:7000/2" });
    expect(n).toMatchObject({ namespace: "default", dataspace: "auto", healthcheckIntervalMs: undefined });
    expect(normaliseRedisOptions({}).adapterConfig).toEqual({ url: "redis://localhost:6379/0" });
    expect(normaliseRedisOptions({ healthcheckInterval: 60 }).healthcheckIntervalMs).toBe(60_000);
  });

  it("keeps the Sentinel and Cluster forms without inventing a URL", () => {
    const s = normaliseRedisOptions({ sentinels: [{ host: "127.0.0.1", port: 26379 }], name: "mymaster" });
    expect(s.adapterConfig).toEqual({ sentinels: [{ host: "127.0.0.1", port: 26379 }], name: "mymaster" });
    const c = normaliseRedisOptions({ cluster: [{ host: "127.0.0.1", port: 7000 }], dataspace: "ws" });
    expect(c.adapterConfig.url).toBeUndefined();
    expect(c.dataspace).toBe("ws");
  });

  it("passes replicaAcks (a typed option) through to the Redis adapter", () => {
    const s = normaliseRedisOptions({ sentinels: ["127.0.0.1:26379"], name: "m", replicaAcks: "all-up" });
    expect(s.adapterConfig.replicaAcks).toBe("all-up");
    const c = normaliseRedisOptions({ cluster: ["127.0.0.1:7000"], replicaAcks: 0 });
    expect(c.adapterConfig.replicaAcks).toBe(0);
  });

  it("rejects what the store itself cannot use, naming every field", () => {
    let caught: unknown;
    try {
      normaliseRedisOptions({
        url: "http://x",
        namespace: "",
        dataspace: 5,
        healthcheck_interval: -1,
      } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionsError);
    expect((caught as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
      "redis.namespace",
      "redis.dataspace",
      "redis.healthcheckInterval",
      "redis.url",
    ]);
    expect((caught as InvalidOptionsError).code).toBe("OPTIONS_INVALID");
    expect(() => normaliseRedisOptions(42 as never)).toThrow(/must be an object or a URL/);
  });
});

describe("validateSetupOptions", () => {
  it("accepts an empty object and the documented options", () => {
    expect(() => validateSetupOptions({})).not.toThrow();
    expect(() =>
      validateSetupOptions({ debug: true, fallback: "error", mcpJson: "/tmp/x.json" }),
    ).not.toThrow();
  });

  it("rejects unknown keys and bad values", () => {
    expect(() => validateSetupOptions({ fallback: "maybe" } as never)).toThrow(/fallback/);
    expect(() => validateSetupOptions({ redsi: {} } as never)).toThrow(/redsi: unknown option/);
    expect(() => validateSetupOptions({ storage: {} as never })).toThrow(/StorageAdapter/);
    expect(() => validateSetupOptions({ outageQueueLimit: 0 })).toThrow(/outageQueueLimit/);
    expect(() => validateSetupOptions({ eventLogMaxLen: 2.5 })).toThrow(/eventLogMaxLen/);
  });
});
