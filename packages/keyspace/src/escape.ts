// Characters that would let one name forge another key (separator, cluster hash-tag braces, the escape
// character itself) or make keys unreadable in redis-cli (whitespace, control characters).
// Written without the u flag (much faster in V8): every character it matches is one UTF-16 unit, and
// \s is Unicode-aware either way; \x00-\x1F and \x7F-\x9F are exactly the Cc (control) category.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
const UNSAFE = /[%:{}\s\x00-\x1F\x7F-\x9F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const HAS_UNSAFE = /[%:{}\s\x00-\x1F\x7F-\x9F]/;
const utf8 = new TextEncoder();

const hex = (byte: number) => `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`;
const percentEncode = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code < 0x80 ? hex(code) : Array.from(utf8.encode(ch), hex).join("");
};

/** Percent-encodes the characters of one key component that could forge or break a key. */
export function escapeComponent(component: string): string {
  return HAS_UNSAFE.test(component) ? component.replace(UNSAFE, percentEncode) : component;
}

/** Reverses {@link escapeComponent}. Throws URIError on a malformed escape sequence. */
export function unescapeComponent(escaped: string): string {
  return decodeURIComponent(escaped);
}
