/**
 * Input lines with the wrappers people paste around kernel dumps taken off: CRLF, tabs, mail
 * quoting, quoted-printable soft breaks, string-literal wrappers from test files and `<----` notes.
 * Leading indentation is kept because debugfs nesting is read from it.
 */

export interface SourceLine {
  /** 1-based line number in the text the user gave, for error messages. */
  n: number;
  text: string;
}

const QUOTING = /^ {0,3}(?:> ?)+/;
// A whole line that is one string literal, e.g. Python `"  0:  12  IO-APIC ...\n",` or Go `"..." +`.
const STRING_LITERAL = /^\s*(?:[\w.$[\]]+\s*(?::=|=|\+=)\s*)?[bru]?(["'])(.*?)(?:\\n)?\1\s*[+,;)]?\s*\\?$/;
// Raw-string and fence delimiters that open a multi-line literal: Go backticks, Python triple quotes.
const RAW_OPEN = /^[^`"']*?(?:(?::=|=|\()\s*)?(?:```\w*|`|"""|''')/;
const RAW_CLOSE = /(?:```|`|"""|''')\s*[,;)]*\s*$/;
const ANNOTATION_TAIL = /\s+<[-=]{2,}.*$/;

function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (const ch of line) out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  return out;
}

function stripLiteralWrappers(line: string): string {
  const literal = STRING_LITERAL.exec(line);
  if (literal) return literal[2] ?? "";
  let out = line;
  if (/`|"""|'''/.test(out)) {
    out = out.replace(RAW_CLOSE, "");
    const open = RAW_OPEN.exec(out);
    if (open) out = out.slice(open[0].length);
  }
  return out;
}

// Quoted-printable is only decoded when the text shows it (soft breaks or `=3D`), since `=` is rare in dumps.
function looksQuotedPrintable(lines: string[]): boolean {
  return lines.some((l) => /=3D|=20$/.test(l)) || lines.filter((l) => l.endsWith("=") && !isFileHeader(l)).length >= 2;
}

/** `==> /sys/kernel/debug/irq/irqs/33 <==`: the header tail and head print before each file. */
function isFileHeader(line: string): boolean {
  return /^\s*==>.*<==\s*$/.test(line);
}

function decodeQpEscapes(line: string): string {
  return line.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Split `text` into cleaned lines; `firstLine` is the number of its first line in a bigger file. */
export function toSourceLines(text: string, firstLine = 1): SourceLine[] {
  const raw = text.split(/\r\n|\r|\n/).map((l) => expandTabs(l).replace(QUOTING, ""));
  const qp = looksQuotedPrintable(raw);
  const out: SourceLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const n = firstLine + i;
    let line = raw[i] ?? "";
    while (qp && line.endsWith("=") && !isFileHeader(line) && i + 1 < raw.length)
      line = line.slice(0, -1) + (raw[++i] ?? "");
    if (qp) line = decodeQpEscapes(line);
    line = stripLiteralWrappers(line);
    // Tested first: on a 256-CPU row the unanchored tail search costs more than everything else.
    if ((line.includes("<-") || line.includes("<=")) && !isFileHeader(line)) line = line.replace(ANNOTATION_TAIL, "");
    line = line.trimEnd();
    out.push({ n, text: line });
  }
  return out;
}

/** The indentation of a line, in columns. */
export function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}
