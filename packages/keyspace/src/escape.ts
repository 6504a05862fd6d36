// Characters that would let one name forge another key (separator, cluster hash-tag braces, the escape
// character itself) or make keys unreadable in redis-cli (whitespace, control characters).
const UNSAFE = /[%:{}\s\p{Cc}]/gu;
const utf8 = new TextEncoder();

const percentEncode = (ch: string) =>
  Array.from(utf8.encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");

/** Percent-encodes the characters of one key component that could forge or break a key. */
export function escapeComponent(component: string): string {
  return component.replace(UNSAFE, percentEncode);
}

/** Reverses {@link escapeComponent}. Throws URIError on a malformed escape sequence. */
export function unescapeComponent(escaped: string): string {
  return decodeURIComponent(escaped);
}
