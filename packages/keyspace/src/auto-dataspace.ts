// `auto-` + 9 base36 digits of epoch milliseconds + 7 base36 random digits. Base36 digits sort in ASCII
// order and the widths are fixed, so ids sort by creation time as plain strings (until the year 5188).
const PREFIX = "auto-";
const TIME_DIGITS = 9;
const RANDOM_DIGITS = 7;
const RANDOM_RANGE = 36 ** RANDOM_DIGITS;
const AUTO_ID = /^auto-([0-9a-z]{9})([0-9a-z]{7})$/;

let lastTime = 0;
let lastRandom = 0;

function randomBelow(range: number): number {
  // 53 random bits are plenty for a 36^7 (about 2^36) range; the modulo bias is below 2^-16.
  const words = globalThis.crypto.getRandomValues(new Uint32Array(2));
  return ((words[0]! & 0x1fffff) * 2 ** 32 + words[1]!) % range;
}

/**
 * A fresh dataspace id for `dataspace: "auto"`: unique per call (random across processes, strictly
 * increasing within one), 21 characters, and sortable by creation time.
 */
export function newAutoDataspaceId(now: number = Date.now()): string {
  let time = now;
  let random: number;
  if (time > lastTime) {
    random = randomBelow(RANDOM_RANGE);
  } else {
    // Same millisecond (or the clock stepped back): stay after the previous id instead of colliding.
    time = lastTime;
    random = lastRandom + 1;
    if (random >= RANDOM_RANGE) {
      time += 1;
      random = randomBelow(RANDOM_RANGE);
    }
  }
  lastTime = time;
  lastRandom = random;
  return `${PREFIX}${time.toString(36).padStart(TIME_DIGITS, "0")}${random.toString(36).padStart(RANDOM_DIGITS, "0")}`;
}

/** Whether `dataspace` has the shape {@link newAutoDataspaceId} makes. */
export function isAutoDataspaceId(dataspace: string): boolean {
  return AUTO_ID.test(dataspace);
}

/** When an auto dataspace id was made, or `null` if `dataspace` is not one. */
export function autoDataspaceCreatedAt(dataspace: string): Date | null {
  const match = AUTO_ID.exec(dataspace);
  return match ? new Date(Number.parseInt(match[1]!, 36)) : null;
}
