/**
 * The last `maxChars` characters written to it (a stderr tail): bounded no matter how much a server
 * prints, trimmed in amortised O(1) by letting it grow to twice the bound before cutting.
 */
export class TailBuffer {
  readonly maxChars: number;
  #text = "";

  constructor(maxChars = 16_384) {
    this.maxChars = maxChars;
  }

  append(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.maxChars * 2) this.#text = wholeLines(this.#text.slice(-this.maxChars));
  }

  /** Whole lines only: a cut in the middle of a line is dropped up to the next line break. */
  get text(): string {
    return this.#text.length <= this.maxChars ? this.#text : wholeLines(this.#text.slice(-this.maxChars));
  }

  /** The last `count` non-empty lines, for error messages. */
  lastLines(count: number): string {
    const lines = this.text.split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-count).join("\n");
  }
}

// Text cut from the front starts mid-line; drop up to the first line break (unless that leaves nothing).
function wholeLines(cut: string): string {
  const nl = cut.indexOf("\n");
  return nl === -1 || nl === cut.length - 1 ? cut : cut.slice(nl + 1);
}
