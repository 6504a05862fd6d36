/**
 * Splits a byte stream into lines without re-concatenating the whole backlog on every chunk, so one
 * large message that arrives in many chunks costs linear time. A line longer than `maxLineBytes`
 * is dropped and reported, and the reader resynchronises at the next line break.
 */
export class LineReader {
  readonly #maxLineBytes: number;
  #parts: Buffer[] = [];
  #pending = 0;
  #overflowing = false;

  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** Calls `onLine` for each complete line in `chunk` (without the line break or a trailing \r). */
  push(chunk: Buffer, onLine: (line: string) => void, onOverflow: (bytes: number) => void): void {
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl !== -1) {
      const piece = chunk.subarray(start, nl);
      if (this.#overflowing) {
        this.#overflowing = false;
      } else {
        const bytes = this.#parts.length === 0 ? piece : Buffer.concat([...this.#parts, piece]);
        const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
        onLine(bytes.toString("utf8", 0, end));
      }
      this.#parts = [];
      this.#pending = 0;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length && !this.#overflowing) {
      this.#parts.push(chunk.subarray(start));
      this.#pending += chunk.length - start;
      if (this.#pending > this.#maxLineBytes) {
        onOverflow(this.#pending);
        this.#parts = [];
        this.#pending = 0;
        this.#overflowing = true;
      }
    }
  }

  clear(): void {
    this.#parts = [];
    this.#pending = 0;
    this.#overflowing = false;
  }
}
