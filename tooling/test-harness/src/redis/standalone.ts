import { type RedisHostPort, redisUrl, type StandaloneRedisInfo } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";
import { quoteConfigValue, type RedisServerNode, RedisServerProcess } from "./redis-server-process.js";
import { createTopologyDir, removeTopologyDir } from "./topology-dir.js";
import { assertPasswordNotEmpty } from "./validate.js";

export interface StandaloneRedisOptions {
  /** Sets `requirepass` (or, with `username`, the password of that ACL user). */
  password?: string;
  /** Creates this ACL user with all permissions and switches the `default` user off. Needs `password`. */
  username?: string;
  startTimeoutMs?: number;
}

export interface StandaloneRedis {
  readonly info: StandaloneRedisInfo;
  readonly node: RedisServerNode;
  /** SIGKILL (a crash). */
  kill(node?: RedisServerNode): Promise<void>;
  /** Same port, same config; resolves when it answers PING again. */
  restart(node?: RedisServerNode): Promise<void>;
  /** Graceful stop; removes the server's temp dir. */
  stop(): Promise<void>;
}

/** Starts a private standalone redis-server. Use it (not the shared one) in tests that kill or restart. */
export async function startStandaloneRedis(options: StandaloneRedisOptions = {}): Promise<StandaloneRedis> {
  const credentials = validateCredentials(options);
  const dir = createTopologyDir("standalone");
  let server: RedisServerProcess;
  try {
    server = await RedisServerProcess.start({
      name: "node",
      parentDir: dir,
      mode: "server",
      config: () => authConfig(credentials),
      credentials,
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
    });
  } catch (error) {
    removeTopologyDir(dir);
    throw error;
  }
  const info: StandaloneRedisInfo = {
    url: redisUrl(server.host, server.port, credentials),
    host: server.host,
    port: server.port,
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    ...(credentials.username === undefined ? {} : { username: credentials.username }),
  };
  const own = (node: RedisServerNode | undefined) => {
    if (node !== undefined && node !== server) {
      throw new RedisHarnessError(
        "REDIS_HARNESS_BAD_INPUT",
        `${address(node)} is not this standalone server`,
      );
    }
    return server;
  };
  return {
    info,
    node: server,
    kill: async (node) => own(node).kill(),
    restart: async (node) => own(node).restart(),
    stop: async () => {
      await server.remove();
      removeTopologyDir(dir);
    },
  };
}

function validateCredentials(options: StandaloneRedisOptions): { username?: string; password?: string } {
  const { username, password } = options;
  assertPasswordNotEmpty(password);
  if (username !== undefined) {
    if (password === undefined) {
      throw new RedisHarnessError("REDIS_HARNESS_BAD_INPUT", `username "${username}" needs a password`);
    }
    if (!/^[^\s>@<~%&+-]\S*$/.test(username)) {
      throw new RedisHarnessError("REDIS_HARNESS_BAD_INPUT", `"${username}" is not a usable ACL user name`);
    }
  }
  return {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

/** Config lines for the credentials: `requirepass`, or an ACL user with the default user switched off. */
export function authConfig(credentials: { username?: string; password?: string }): string[] {
  const { username, password } = credentials;
  if (password === undefined) return [];
  if (username === undefined || username === "default") return [`requirepass ${quoteConfigValue(password)}`];
  return [
    "user default off",
    `user ${quoteConfigValue(username)} on ${quoteConfigValue(`>${password}`)} ~* &* +@all`,
  ];
}

function address(node: RedisHostPort): string {
  return `${node.host}:${node.port}`;
}
