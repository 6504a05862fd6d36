/**
 * Timings the store keeps internal (not setup options): tests shorten them through the `TUNING`
 * symbol key of the setup options, which option validation does not see.
 */
export interface Tuning {
  /** How long a removal marker (the removed service's config key) outlives the service. */
  readonly tombstoneTtlMs: number;
  /**
   * How long an instance's entry in `services:{service}:state` counts after its last heartbeat; a
   * crashed instance's entry is ignored after this and pruned after twice this.
   */
  readonly instanceLeaseMs: number;
  /** How often each instance re-publishes its states (a third of the lease by default). */
  readonly heartbeatMs: number;
}

export const TUNING: unique symbol = Symbol.for("mcpstore.tuning");

export const DEFAULT_TUNING: Tuning = {
  tombstoneTtlMs: 24 * 60 * 60 * 1000,
  instanceLeaseMs: 30_000,
  heartbeatMs: 10_000,
};

/** The tuning given under `TUNING` (partly or not at all), completed with the defaults. */
export function tuningOf(options: object): Tuning {
  const given = (options as { [TUNING]?: Partial<Tuning> })[TUNING] ?? {};
  const instanceLeaseMs = given.instanceLeaseMs ?? DEFAULT_TUNING.instanceLeaseMs;
  return {
    tombstoneTtlMs: given.tombstoneTtlMs ?? DEFAULT_TUNING.tombstoneTtlMs,
    instanceLeaseMs,
    heartbeatMs: given.heartbeatMs ?? Math.max(1, Math.floor(instanceLeaseMs / 3)),
  };
}
