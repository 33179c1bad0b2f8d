/**
 * Locates the first JSON syntax error in a text, with a message of our own: JSON.parse's messages and
 * positions differ between V8, SpiderMonkey and JavaScriptCore, and a scenario error must read the same
 * in the browser and in the runner. Only called after JSON.parse has failed.
 */

export interface JsonSyntaxError {
  /** 1-based line and column (column in UTF-16 code units, as editors count them for BMP text). */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

class Fail {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const MAX_DEPTH = 512;

export function locateJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  let depth = 0;

  const fail = (message: string, at = i): never => {
    throw new Fail(at, message);
  };
  /** What stands at `at`, as a message shows it: a word, a comment, or one character. */
  const what = (at = i): string => {
    if (at >= text.length) return "the end of the file";
    if (text.startsWith("//", at) || text.startsWith("/*", at)) return "a comment (JSON has no comments)";
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at, at + 64));
    if (word) return word[0];
    return JSON.stringify(text[at]);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
      else break;
    }
  };

  const string = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail("the file ends inside a string (missing closing quote?)", start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x0a || c === 0x0d) fail("the string is not closed at the end of the line (missing closing quote?)");
      if (c < 0x20) fail(`control character U+${c.toString(16).padStart(4, "0")} inside a string (escape it)`);
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail(`bad escape ${JSON.stringify(text.slice(i, i + 2))} in a string`);
      } else i++;
    }
  };

  const isDigit = (at: number) => {
    const c = text.charCodeAt(at); // NaN past the end
    return c >= 0x30 && c <= 0x39;
  };
  const digits = (after: string) => {
    const start = i;
    while (isDigit(i)) i++;
    if (i === start) fail(`expected a digit after ${JSON.stringify(after)}, got ${what()}`);
  };
  const number = () => {
    if (text[i] === "-") i++;
    if (text[i] === "0") {
      i++;
      if (isDigit(i)) fail("a number cannot start with 0 (leading zero)", i - 1);
    } else digits("-");
    if (text[i] === ".") {
      i++;
      digits(".");
    }
    if (text[i] === "e" || text[i] === "E") {
      const e = text[i] as string;
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits(e);
    }
  };

  const value = (): void => {
    ws();
    if (i >= text.length) fail("unexpected end of the file (a value is missing)");
    const c = text[i] as string;
    if (c === "{") object();
    else if (c === "[") array();
    else if (c === '"') string();
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else literal(c);
  };
  const literal = (c: string) => {
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i) && !/[\w$]/.test(text[i + word.length] ?? "")) {
        i += word.length;
        return;
      }
    }
    if (c === "'") fail("strings take double quotes, not single quotes");
    fail(`unexpected ${what()} (expected a value)`);
  };

  const nest = (close: string) => {
    depth++;
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    i++;
    ws();
    if (text[i] === close) {
      i++;
      depth--;
      return false;
    }
    return true;
  };

  const object = () => {
    if (!nest("}")) return;
    for (;;) {
      ws();
      if (text[i] === "'") fail("property names take double quotes, not single quotes");
      if (text[i] !== '"') fail(`expected a property name in double quotes, got ${what()}`);
      string();
      ws();
      if (text[i] !== ":") fail(`expected ":" after the property name, got ${what()}`);
      i++;
      value();
      ws();
      if (text[i] === "}") {
        i++;
        depth--;
        return;
      }
      if (text[i] !== ",") {
        if (i >= text.length) fail("unexpected end of the file (an object is not closed)");
        fail(`expected "," or "}" after a property value, got ${what()}`);
      }
      const comma = i++;
      ws();
      if (text[i] === "}") fail('a "," before "}" (JSON allows no trailing comma)', comma);
    }
  };

  const array = () => {
    if (!nest("]")) return;
    for (;;) {
      value();
      ws();
      if (text[i] === "]") {
        i++;
        depth--;
        return;
      }
      if (text[i] !== ",") {
        if (i >= text.length) fail("unexpected end of the file (an array is not closed)");
        fail(`expected "," or "]" after an array element, got ${what()}`);
      }
      const comma = i++;
      ws();
      if (text[i] === "]") fail('a "," before "]" (JSON allows no trailing comma)', comma);
    }
  };

  try {
    ws();
    if (i >= text.length) fail("the file is empty");
    value();
    ws();
    if (i < text.length) fail(`unexpected ${what()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { ...lineColumn(text, e.offset), message: e.message };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A file's text read as JSON (a leading BOM dropped), or one message placing the first syntax error:
 * the one reading every file format (scenarios, lessons) shares.
 */
export function parseJsonText(
  input: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const at = locateJsonError(text);
    if (at) return { ok: false, error: `line ${at.line}, column ${at.column}: ${at.message}` };
    return { ok: false, error: `line 1, column 1: ${e instanceof Error ? e.message : String(e)}` };
  }
}
