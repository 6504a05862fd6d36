import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKeyspace, type KeyPart, MAX_NAME_LENGTH, type NamedKeyKind, parseKey } from "../src/index.js";

// Names from the whole Unicode range, biased towards the characters that matter: separators, braces,
// the escape character, whitespace and escape-looking sequences.
const tricky = fc.constantFrom(":", "{", "}", "%", "%3A", " ", "\n", "\t", "\u0000", "\u3000", "*", "a", "é");
const wideName = fc
  .array(fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join("").slice(0, MAX_NAME_LENGTH))
  // slice() may split a surrogate pair; such names are refused by validation, not part of this property.
  .filter((s) => s.length > 0 && !/\p{Cs}/u.test(s));
// A tiny alphabet makes near-collisions ("a:b" + "c" versus "a" + "b:c") frequent, so forging is tried.
const narrowName = fc
  .array(fc.constantFrom("a", ":", "{", "}", "%", "3A", "7B", " ", "config", "services"), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(""));
const name = fc.oneof(narrowName, wideName);

const namedKinds: NamedKeyKind[] = [
  "serviceConfig",
  "serviceCache",
  "serviceState",
  "toolInfo",
  "toolStats",
  "agentIndex",
  "lock",
];
const part: fc.Arbitrary<KeyPart> = fc.oneof(
  fc.record({ kind: fc.constantFrom(...namedKinds), name }),
  fc.record({ kind: fc.constantFrom("serviceIndex", "toolIndex", "events", "meta", "versions" as const) }),
);
const input = fc.record({ namespace: name, dataspace: name, cluster: fc.boolean(), part });
type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

function build({ namespace, dataspace, cluster, part }: Input): string {
  const ks = createKeyspace({ namespace, dataspace, cluster });
  return "name" in part ? ks[part.kind](part.name) : ks[part.kind]();
}

// Redis Cluster's rule: the slot hashes the text between the first "{" and the next "}", if non-empty.
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = open < 0 ? -1 : key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe("keyspace properties", () => {
  it("distinct inputs give distinct keys, byte for byte", () => {
    fc.assert(
      fc.property(fc.array(input, { minLength: 50, maxLength: 50 }), (inputs) => {
        const ids = new Set(inputs.filter((x) => x.dataspace !== "auto").map((x) => JSON.stringify(x)));
        const keys = new Set(
          [...ids].map((id) => Buffer.from(build(JSON.parse(id) as Input)).toString("hex")),
        );
        expect(keys.size).toBe(ids.size);
      }),
      { numRuns: 100 },
    );
  });

  it("no split of the same text into namespace, dataspace and name forges another's key", () => {
    // Random inputs rarely meet their would-be twin ("a:b" + "c" versus "a" + "b:c"), so cut one text
    // at every pair of positions and require all the resulting keys to differ.
    const text = fc
      .array(fc.constantFrom("a", ":", "{", "}", "%", "3A", " ", "config"), { minLength: 3, maxLength: 8 })
      .map((t) => t.join(""));
    fc.assert(
      fc.property(
        text,
        fc.boolean(),
        fc.constantFrom("serviceConfig", "toolStats", "lock" as const),
        (t, cluster, kind) => {
          const keys = new Set<string>();
          let splits = 0;
          for (let i = 1; i < t.length - 1; i++) {
            for (let j = i + 1; j < t.length; j++) {
              const x: Input = {
                namespace: t.slice(0, i),
                dataspace: t.slice(i, j),
                cluster,
                part: { kind, name: t.slice(j) },
              };
              if (x.dataspace === "auto" || /\p{Cs}/u.test(JSON.stringify(x))) continue;
              keys.add(build(x));
              splits++;
            }
          }
          expect(keys.size).toBe(splits);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every key parses back to what built it", () => {
    fc.assert(
      fc.property(input, (x) => {
        fc.pre(x.dataspace !== "auto");
        expect(parseKey(build(x))).toEqual({
          ...x.part,
          namespace: x.namespace,
          dataspace: x.dataspace,
          cluster: x.cluster,
        });
      }),
      { numRuns: 3000 },
    );
  });

  it("in Cluster mode every key of a dataspace hashes on exactly {namespace:dataspace}, never on an empty tag", () => {
    fc.assert(
      fc.property(input, (x) => {
        fc.pre(x.dataspace !== "auto");
        const key = build({ ...x, cluster: true });
        const tag = hashTag(key);
        expect(tag.length).toBeGreaterThan(0);
        expect(key.startsWith(`{${tag}}:`)).toBe(true);
        expect(tag).toBe(
          createKeyspace({ namespace: x.namespace, dataspace: x.dataspace, cluster: true })
            .prefix()
            .slice(1, -2),
        );
        expect(tag.split(":")).toHaveLength(2);
      }),
      { numRuns: 2000 },
    );
  });

  it("a parsed key is always the canonical key it came from", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (key) => {
        const parsed = parseKey(key);
        if (parsed === null) return;
        const { namespace, dataspace, cluster, ...rest } = parsed;
        expect(build({ namespace, dataspace, cluster, part: rest as KeyPart })).toBe(key);
      }),
      { numRuns: 3000 },
    );
  });
});
