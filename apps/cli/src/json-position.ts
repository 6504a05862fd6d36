import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";

export interface JsonErrorPosition {
  /** 0-based offset into the text. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

const REASONS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "property name expected",
  ValueExpected: "value expected",
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: "unexpected text after the JSON value",
  InvalidCommentToken: "comments are not allowed",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in string",
};

/**
 * Where the first syntax error of `text` is (Node 20's JSON.parse does not say). `comments: true`
 * accepts JSONC (comments, trailing commas) as the mcp.json reader does. Undefined when it parses.
 */
export function jsonErrorPosition(
  text: string,
  options: { comments?: boolean } = {},
): JsonErrorPosition | undefined {
  const errors: ParseError[] = [];
  const allow = options.comments === true;
  parse(text, errors, { disallowComments: !allow, allowTrailingComma: allow, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - (before.lastIndexOf("\n") + 1) + 1;
  const name = printParseErrorCode(first.error);
  return { offset: first.offset, line, column, reason: REASONS[name] ?? name };
}
