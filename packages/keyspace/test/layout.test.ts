import { describe, expect, it } from "vitest";
import { createKeyspace, parseKey } from "../src/index.js";

describe("key layout", () => {
  it("builds the guide's example keys exactly", () => {
    const ks = createKeyspace({ namespace: "default", dataspace: "workspace1" });
    expect(ks.serviceConfig("weather")).toBe("default:workspace1:services:weather:config");
    expect(ks.serviceCache("weather")).toBe("default:workspace1:services:weather:cache");
    expect(ks.serviceState("weather")).toBe("default:workspace1:services:weather:state");
    expect(ks.toolInfo("get_current_weather")).toBe("default:workspace1:tools:get_current_weather:info");
    expect(ks.toolStats("get_current_weather")).toBe("default:workspace1:tools:get_current_weather:stats");
  });

  it("puts the listing and sync keys under the same dataspace prefix", () => {
    const ks = createKeyspace({ namespace: "default", dataspace: "workspace1" });
    expect(ks.prefix()).toBe("default:workspace1:");
    expect(ks.serviceIndex()).toBe("default:workspace1:index:services");
    expect(ks.toolIndex()).toBe("default:workspace1:index:tools");
    expect(ks.agentIndex("agent-7")).toBe("default:workspace1:agents:agent-7:services");
    expect(ks.events()).toBe("default:workspace1:events");
    expect(ks.lock("sync")).toBe("default:workspace1:locks:sync");
    expect(ks.meta()).toBe("default:workspace1:meta");
    expect(ks.versions()).toBe("default:workspace1:versions");
  });

  it("wraps namespace and dataspace in one hash tag in Cluster mode", () => {
    const ks = createKeyspace({ namespace: "default", dataspace: "workspace1", cluster: true });
    expect(ks.serviceConfig("weather")).toBe("{default:workspace1}:services:weather:config");
    expect(ks.events()).toBe("{default:workspace1}:events");
    expect(ks.prefix()).toBe("{default:workspace1}:");
  });

  it("escapes braces in names so a namespace cannot forge or empty the hash tag", () => {
    const ks = createKeyspace({ namespace: "}{", dataspace: "{}", cluster: true });
    expect(ks.meta()).toBe("{%7D%7B:%7B%7D}:meta");
  });

  it("escapes separators in names so a service cannot reach into another key", () => {
    const ks = createKeyspace({ namespace: "default", dataspace: "ws" });
    expect(ks.serviceConfig("a:config")).toBe("default:ws:services:a%3Aconfig:config");
    expect(ks.toolInfo("x y")).toBe("default:ws:tools:x%20y:info");
  });

  it("uses the guide's defaults: namespace 'default', dataspace 'auto'", () => {
    const ks = createKeyspace();
    expect(ks.namespace).toBe("default");
    expect(ks.autoDataspace).toBe(true);
    expect(ks.dataspace).toMatch(/^auto-[0-9a-z]{16}$/);
    expect(ks.meta()).toBe(`default:${ks.dataspace}:meta`);
  });

  it("gives each auto keyspace its own dataspace", () => {
    const a = createKeyspace({ dataspace: "auto" });
    const b = createKeyspace({ dataspace: "auto" });
    expect(a.dataspace).not.toBe(b.dataspace);
    expect(createKeyspace({ dataspace: "fixed" }).autoDataspace).toBe(false);
  });

  it("parses its own keys and refuses keys of other dataspaces", () => {
    const ks = createKeyspace({ namespace: "n", dataspace: "d" });
    expect(ks.parseKey(ks.toolStats("t:1"))).toEqual({
      kind: "toolStats",
      name: "t:1",
      namespace: "n",
      dataspace: "d",
      cluster: false,
    });
    expect(ks.parseKey(createKeyspace({ namespace: "n", dataspace: "e" }).meta())).toBeNull();
    expect(ks.parseKey(createKeyspace({ namespace: "n", dataspace: "d", cluster: true }).meta())).toBeNull();
  });

  it("returns null for keys outside the layout", () => {
    for (const key of [
      "",
      "default",
      "default:ws",
      "default:ws:services:weather",
      "default:ws:services:weather:other",
      "default:ws:services::config",
      "default:ws:unknown",
      "default:ws:services:%41:config", // not the canonical escape of "A"
      "default:ws:services:%ZZ:config",
      "default:ws:locks:a:b",
      "{default:ws:meta",
      "{default}:meta",
      "{a:b:c}:meta",
      "{}:meta",
    ]) {
      expect(parseKey(key), key).toBeNull();
    }
  });
});
