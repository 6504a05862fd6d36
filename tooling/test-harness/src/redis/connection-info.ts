/**
 * Connection info handed to tests (through vitest `inject`, so plain serialisable data only). Host is
 * always a loopback address for the binary topologies.
 */

export interface RedisHostPort {
  host: string;
  port: number;
}

export interface StandaloneRedisInfo extends RedisHostPort {
  /** `redis://[user]:[password]@host:port`, ready for `new Redis(url)`. */
  url: string;
  password?: string;
  /** Set when the server was started with an ACL user instead of `requirepass`. */
  username?: string;
}

export interface ClusterRedisInfo {
  /** Every master (and replica, if any) of the cluster; any one is enough as a seed. */
  nodes: RedisHostPort[];
  password?: string;
}

export interface SentinelRedisInfo {
  sentinels: RedisHostPort[];
  /** The monitored master's name, as in `new Redis({ sentinels, name })`. */
  name: string;
  /** Password of the data nodes (the sentinels themselves need none). */
  password?: string;
}

export function redisUrl(
  host: string,
  port: number,
  credentials: { username?: string; password?: string },
): string {
  const { username, password } = credentials;
  if (password === undefined) return `redis://${host}:${port}`;
  const user = username === undefined ? "" : encodeURIComponent(username);
  return `redis://${user}:${encodeURIComponent(password)}@${host}:${port}`;
}
