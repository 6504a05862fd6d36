import { describe, expect, it } from "vitest";
import { InvalidOptionsError } from "../../src/errors.js";
import { normaliseRedisOptions, validateSetupOptions } from "../../src/options.js";

describe("normaliseRedisOptions", () => {
  it("accepts the guide's config verbatim (snake_case, password null) and fills the guide's defaults", () => {
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
    expect(n.socketTimeoutMs).toBe(2000);
    expect(n.healthcheckIntervalMs).toBe(30_000);
    expect(n.adapterConfig).toEqual({
      url: "redis://localhost:6379/0",
      socketTimeout: 2,
      healthcheckInterval: 30,
    });
  });

  it("takes a bare URL and the camelCase names", () => {
    const n = normaliseRedisOptions("redis://:pw@127.0.0.1:7000/2");
    expect(n.adapterConfig.url).toBe("redis://:pw@127.0.0.1:7000/2");
    expect(n.namespace).toBe("default");
    expect(normaliseRedisOptions({ socketTimeout: 5, healthcheckInterval: 60 }).healthcheckIntervalMs).toBe(
      60_000,
    );
  });

  it("accepts the Sentinel and Cluster forms without a URL", () => {
    const s = normaliseRedisOptions({ sentinels: [{ host: "127.0.0.1", port: 26379 }], name: "mymaster" });
    expect(s.adapterConfig.url).toBeUndefined();
    expect(s.adapterConfig.sentinels).toEqual([{ host: "127.0.0.1", port: 26379 }]);
    const c = normaliseRedisOptions({ cluster: [{ host: "127.0.0.1", port: 7000 }], dataspace: "ws" });
    expect(c.dataspace).toBe("ws");
  });

  it("rejects typos and bad values with every problem named, instead of silently defaulting", () => {
    let caught: unknown;
    try {
      normaliseRedisOptions({
        url: "http://x",
        dataspce: "ws",
        socket_timeout: -1,
        sentinels: [{ host: "", port: 0 }],
      } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionsError);
    const paths = (caught as InvalidOptionsError).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "redis.url",
        "redis.dataspce",
        "redis.socketTimeout",
        "redis.sentinels[0].host",
        "redis.sentinels[0].port",
        "redis.name",
      ]),
    );
    expect((caught as InvalidOptionsError).code).toBe("OPTIONS_INVALID");
  });

  it("refuses the same option given in both spellings", () => {
    expect(() => normaliseRedisOptions({ socketTimeout: 1, socket_timeout: 2 } as never)).toThrow(
      /given twice/,
    );
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
  });
});
