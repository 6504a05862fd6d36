import { StorageConfigError } from "@mcpstore/storage";

/** What a Redis URL says, taken apart. */
export interface ParsedRedisUrl {
  readonly scheme: "redis" | "rediss" | "unix";
  readonly host?: string;
  readonly port?: number;
  /** Unix socket path. */
  readonly path?: string;
  readonly db?: number;
  readonly username?: string;
  readonly password?: string;
}

const CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i;

/** The URL with any password replaced by `***`, safe for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(CREDENTIALS, (_, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
}

const fail = (url: string, why: string) =>
  new StorageConfigError(`Invalid Redis URL "${redactUrl(url)}": ${why}`);

function parseDb(url: string, text: string): number | undefined {
  if (text === "") return undefined;
  if (!/^\d{1,5}$/.test(text)) throw fail(url, `the database must be a number, got "${text}"`);
  return Number(text);
}

function decode(url: string, text: string, what: string): string | undefined {
  if (text === "") return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    throw fail(url, `the ${what} is not valid percent-encoding`);
  }
}

/**
 * Parses `redis://[[user]:password@]host[:port][/db]`, `rediss://…` (TLS) and
 * `unix://[[user]:password@]/path/to/socket[?db=N]`. Throws StorageConfigError naming what is wrong,
 * never the password.
 */
export function parseRedisUrl(url: unknown): ParsedRedisUrl {
  if (typeof url !== "string" || url.trim() === "") {
    throw new StorageConfigError(
      `Invalid Redis URL: expected a non-empty string such as "redis://localhost:6379/0"`,
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== "redis" && scheme !== "rediss" && scheme !== "unix") {
    const shown = scheme === undefined ? "none" : `"${scheme}:"`;
    throw new StorageConfigError(
      `Unsupported Redis URL scheme ${shown} in "${redactUrl(url)}": use redis://, rediss:// (TLS) or unix://`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const hostAndRest = url.replace(/^rediss?:\/\/([^@/]*@)?/i, "");
    if (/^(:|\/|$)/.test(hostAndRest)) throw fail(url, "the host is missing");
    throw fail(url, "it is not a valid URL");
  }
  if (parsed.hash) throw fail(url, "a #fragment is not allowed");
  const username = decode(url, parsed.username, "username");
  const password = decode(url, parsed.password, "password");
  const credentials = {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };

  if (scheme === "unix") {
    const path = decode(url, parsed.pathname, "path");
    if (!path || path === "/" || parsed.hostname) {
      throw fail(url, "expected unix:///absolute/path/to/redis.sock (three slashes, then the socket path)");
    }
    const params = [...parsed.searchParams.keys()].filter((k) => k !== "db");
    if (params.length > 0)
      throw fail(url, `unknown query parameter "${params[0]}" (only ?db=N is understood)`);
    const db = parseDb(url, parsed.searchParams.get("db") ?? "");
    return { scheme, path, ...(db === undefined ? {} : { db }), ...credentials };
  }

  if (parsed.search)
    throw fail(url, "query parameters are not understood; pass options next to the URL instead");
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw fail(url, "the host is missing");
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, "");
  if (dbText.includes("/"))
    throw fail(url, `expected at most a database number after the host, got "${parsed.pathname}"`);
  const db = parseDb(url, dbText);
  return { scheme, host, port, ...(db === undefined ? {} : { db }), ...credentials };
}
