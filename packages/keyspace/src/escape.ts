// Characters that would let one name forge another key (separator, cluster hash-tag braces, the escape
// character itself) or make keys unreadable in redis-cli (whitespace, control characters).
const UNSAFE = /[%:{}\s\p{Cc}]/gu;

/** Percent-encodes the characters of one key component that could forge or break a key. */
export function escapeComponent(component: string): string {
  return component.replace(UNSAFE, (ch) =>
    Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(
      "",
    ),
  );
}

/** Reverses {@link escapeComponent}. */
export function unescapeComponent(escaped: string): string {
  return decodeURIComponent(escaped);
}
