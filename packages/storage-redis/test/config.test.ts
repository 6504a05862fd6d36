import { describe, expect, it } from "vitest";
import { resolveRedisConfig } from "../src/config.js";
import { parseRedisUrl, redactUrl } from "../src/index.js";

const configError = (fn: () => unknown): Error & { code?: string } => {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a StorageConfigError");
};

describe("Redis URLs", () => {
  it("take apart redis:// with user, password and database", () => {
    expect(parseRedisUrl("redis://alice:s%40cret@cache.local:6380/3")).toEqual({
      scheme: "redis",
      host: "cache.local",
      port: 6380,
      db: 3,
      username: "alice",
      password: "s@cret",
    });
    expect(parseRedisUrl("redis://:only-pass@localhost/0")).toEqual({
      scheme: "redis",
      host: "localhost",
      port: 6379,
      db: 0,
      password: "only-pass",
    });
    expect(parseRedisUrl("rediss://[::1]:6390")).toEqual({ scheme: "rediss", host: "::1", port: 6390 });
  });

  it("take apart unix:// socket paths with an optional ?db=", () => {
    expect(parseRedisUrl("unix:///var/run/redis/redis.sock?db=2")).toEqual({
      scheme: "unix",
      path: "/var/run/redis/redis.sock",
      db: 2,
    });
  });

  it("refuse an unknown scheme, naming it and the schemes that work", () => {
    const error = configError(() => parseRedisUrl("http://:hunter2@localhost:6379"));
    expect(error.code).toBe("STORAGE_CONFIG");
    expect(error.message).toBe(
      'Unsupported Redis URL scheme "http:" in "http://:***@localhost:6379": use redis://, rediss:// (TLS) or unix://',
    );
  });

  it("refuse malformed URLs with one clear message that never shows the password", () => {
    const cases: [string, string][] = [
      ["redis://:hunter2@localhost:notaport/0", "it is not a valid URL"],
      ["redis://:hunter2@localhost:6379/zero", 'the database must be a number, got "zero"'],
      ["redis://:hunter2@localhost:6379/0/extra", "expected at most a database number"],
      ["redis://:hunter2@localhost:6379/0?timeout=3", "query parameters are not understood"],
      ["redis://:hunter2@:6379", "the host is missing"],
      ["unix://:hunter2@localhost/tmp/r.sock", "expected unix:///absolute/path"],
      ["localhost:6379", 'Unsupported Redis URL scheme "localhost:"'],
      ["", "expected a non-empty string"],
    ];
    for (const [url, why] of cases) {
      const error = configError(() => parseRedisUrl(url));
      expect(error.code, url).toBe("STORAGE_CONFIG");
      expect(error.message, url).toContain(why);
      expect(error.message, url).not.toContain("hunter2");
    }
  });

  it("redact the password and keep the user", () => {
    expect(redactUrl("redis://bob:pw@h:1/0")).toBe("redis://bob:***@h:1/0");
    expect(redactUrl("rediss://:pw@h")).toBe("rediss://:***@h");
    expect(redactUrl("redis://h:1")).toBe("redis://h:1");
  });
});

describe("Redis adapter config", () => {
  it("fills in the guide's defaults: 2 s socket timeout, 30 s health checks", () => {
    const cfg = resolveRedisConfig({ url: "redis://localhost:6379/0" });
    expect(cfg).toMatchObject({ mode: "standalone", timeoutMs: 2000, healthcheckIntervalMs: 30_000, db: 0 });
    expect(cfg.target).toBe("Redis at localhost:6379");
  });

  it("accepts the guide's snake_case names and seconds", () => {
    const cfg = resolveRedisConfig({
      url: "redis://localhost",
      socket_timeout: 0.5,
      healthcheck_interval: 0,
    } as never);
    expect(cfg.timeoutMs).toBe(500);
    expect(cfg.healthcheckIntervalMs).toBe(0);
  });

  it("takes the password option over the URL's; null means 'the URL's, or none'", () => {
    expect(resolveRedisConfig({ url: "redis://:fromurl@h/1", password: "option" }).password).toBe("option");
    expect(resolveRedisConfig({ url: "redis://:fromurl@h/1", password: null }).password).toBe("fromurl");
    expect(resolveRedisConfig({ url: "redis://h/1", password: null }).password).toBeUndefined();
    expect(resolveRedisConfig({ url: "redis://h/1", db: 4 }).db).toBe(4);
  });

  it("turns on TLS for rediss:// with the host as server name", () => {
    expect(resolveRedisConfig({ url: "rediss://cache.example.com:6380" }).tls).toEqual({
      servername: "cache.example.com",
    });
    expect(resolveRedisConfig({ url: "redis://cache.example.com" }).tls).toBeUndefined();
    expect(resolveRedisConfig({ url: "redis://127.0.0.1", tls: { rejectUnauthorized: false } }).tls).toEqual({
      rejectUnauthorized: false,
    });
  });

  it("describes Sentinel and Cluster targets, and takes 'host:port' strings", () => {
    const sentinel = resolveRedisConfig({
      sentinels: ["10.0.0.1:26379", { host: "10.0.0.2", port: 26379 }],
      name: "mymaster",
      sentinel_password: "s",
      role: "replica",
    } as never);
    expect(sentinel).toMatchObject({
      mode: "sentinel",
      role: "slave",
      sentinelPassword: "s",
      name: "mymaster",
    });
    expect(sentinel.target).toBe('Redis replica "mymaster" via Sentinel 10.0.0.1:26379, 10.0.0.2:26379');
    const cluster = resolveRedisConfig({
      cluster: [{ host: "127.0.0.1", port: 7000 }],
      nat_map: { "10.0.0.5:7000": { host: "127.0.0.1", port: 7000 } },
    } as never);
    expect(cluster).toMatchObject({
      mode: "cluster",
      natMap: { "10.0.0.5:7000": { host: "127.0.0.1", port: 7000 } },
    });
  });

  it('waits for every replica reported up ("all-up") by default with Sentinel and Cluster, for none on one server', () => {
    expect(resolveRedisConfig({ url: "redis://h" }).replicaAcks).toBe(0);
    expect(resolveRedisConfig({ sentinels: ["h:26379"], name: "m" }).replicaAcks).toBe("all-up");
    expect(resolveRedisConfig({ cluster: ["h:7000"] }).replicaAcks).toBe("all-up");
    expect(resolveRedisConfig({ url: "redis://h", replica_acks: "all-up" } as never).replicaAcks).toBe(
      "all-up",
    );
    expect(resolveRedisConfig({ sentinels: ["h:26379"], name: "m", replicaAcks: 0 }).replicaAcks).toBe(0);
    expect(resolveRedisConfig({ cluster: ["h:7000"], replicaAcks: 1 }).replicaAcks).toBe(1);
  });

  it("rejects bad configs with one clear message each", () => {
    const cases: [unknown, string][] = [
      [{}, "give one of url (one server), sentinels + name (Sentinel) or cluster"],
      [
        { url: "redis://h", cluster: ["h:1"] },
        "give only one of url, sentinels or cluster (got url and cluster)",
      ],
      [{ url: "redis://h", socketTimout: 2 }, 'unknown option "socketTimout"'],
      [{ url: "redis://h", socketTimeout: 2, socket_timeout: 3 }, '"socket_timeout" is given twice'],
      [{ url: "redis://h", socketTimeout: 0 }, "socketTimeout must be a positive number of seconds, got 0"],
      [{ url: "redis://h", healthcheckInterval: -1 }, "healthcheckInterval must be a non-negative number"],
      [{ url: "redis://h", db: -1 }, "db must be a non-negative integer"],
      [{ url: "redis://h", password: 42 }, "password must be a string or null"],
      [{ sentinels: ["h:26379"] }, "name (the Sentinel master name) is required"],
      [{ sentinels: [], name: "m" }, "sentinels must be a non-empty array"],
      [{ sentinels: ["nope"], name: "m" }, 'sentinels[0] "nope" must look like "host:port"'],
      [{ cluster: [{ host: "h", port: 70000 }] }, "cluster[0].port must be an integer from 1 to 65535"],
      [{ cluster: ["h:7000"], db: 2 }, "db must be 0 in Cluster mode"],
      [{ sentinels: ["h:1"], name: "m", role: "primary" }, 'role must be "master" or "replica"'],
      ["redis://h", "expected an object"],
      [
        { url: "redis://h", replicaAcks: "all" },
        'replicaAcks must be "all-up" (every replica reported up) or a whole number',
      ],
      [{ url: "redis://h", replicaAcks: -1 }, "replicaAcks must be"],
    ];
    for (const [config, message] of cases) {
      const error = configError(() => resolveRedisConfig(config as never));
      expect(error.code, JSON.stringify(config)).toBe("STORAGE_CONFIG");
      expect(error.message, JSON.stringify(config)).toContain(message);
    }
  });

  it("ignores the store's namespace and dataspace so the guide's config passes through", () => {
    expect(resolveRedisConfig({ url: "redis://h", namespace: "default", dataspace: "auto" }).mode).toBe(
      "standalone",
    );
  });
});
