// Redis Cluster's key → slot mapping: CRC16 (XMODEM) of the key's hash tag, or of the whole key, mod
// 16384. Computed here so a cross-slot batch is refused before anything is sent.

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** The Cluster slot of `key` (0–16383), honouring a non-empty `{hash tag}`. */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key, "utf8");
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) & 0x3fff;
  }
  return crc16(bytes) & 0x3fff;
}

/**
 * Groups keys (with their positions) by slot, in first-seen order; outside Cluster everything is one
 * group, so callers send one command per group either way.
 */
export function groupBySlot(
  keys: readonly string[],
  cluster: boolean,
): { keys: string[]; positions: number[] }[] {
  if (!cluster) return [{ keys: [...keys], positions: keys.map((_, i) => i) }];
  const groups = new Map<number, { keys: string[]; positions: number[] }>();
  keys.forEach((key, position) => {
    const slot = keySlot(key);
    let group = groups.get(slot);
    if (!group) {
      group = { keys: [], positions: [] };
      groups.set(slot, group);
    }
    group.keys.push(key);
    group.positions.push(position);
  });
  return [...groups.values()];
}
