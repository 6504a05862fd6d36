import { withAdminConnection } from "./admin-connection.js";
import { redisUrl, type StandaloneRedisInfo } from "./connection-info.js";
import { RedisHarnessError } from "./errors.js";

export interface ContainerRedis {
  readonly info: StandaloneRedisInfo;
  stop(): Promise<void>;
}

const IMAGE = "redis:7";

/**
 * A standalone server in a `redis` container (`MCPSTORE_TEST_REDIS=container`). testcontainers is imported
 * only here, on demand, so a normal run never loads it. Without a Docker engine this fails with
 * `REDIS_HARNESS_NO_DOCKER` and says so.
 */
export async function startContainerRedis(options: { password?: string } = {}): Promise<ContainerRedis> {
  const { getContainerRuntimeClient, GenericContainer, Wait } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    throw new RedisHarnessError(
      "REDIS_HARNESS_NO_DOCKER",
      `MCPSTORE_TEST_REDIS=container needs a Docker engine (or another container runtime testcontainers ` +
        `supports), and none was found: ${(error as Error).message}. Unset MCPSTORE_TEST_REDIS to use the ` +
        `redis-server binary instead.`,
      { cause: error },
    );
  }
  const command = ["redis-server", "--save", "", "--appendonly", "no"];
  if (options.password !== undefined) command.push("--requirepass", options.password);
  const container = await new GenericContainer(IMAGE)
    .withCommand(command)
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage("Ready to accept connections"))
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(6379);
  const credentials = options.password === undefined ? {} : { password: options.password };
  await withAdminConnection({ host, port }, credentials, (redis) => redis.ping());
  return {
    info: { url: redisUrl(host, port, credentials), host, port, ...credentials },
    stop: async () => {
      await container.stop();
    },
  };
}
