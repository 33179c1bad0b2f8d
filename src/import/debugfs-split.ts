/**
 * Recordings concatenate many debugfs files, each after a `----- irq N` or `----- domain NAME`
 * line. Each file keeps the line number of its first line so errors point into the recording.
 */

export interface DebugfsDumpFile {
  kind: "irq" | "domain";
  /** The irq number or domain name after the separator. */
  name: string;
  text: string;
  /** Line number of the file's first line in the whole dump. */
  firstLine: number;
}

export interface DebugfsDump {
  /** Whatever came before the first separator (e.g. an `ls` of the directory). */
  preamble: string;
  files: DebugfsDumpFile[];
}

const SEPARATOR = /^-{3,}\s+(irq|domain)\s+(\S.*?)\s*$/;

export function splitDebugfsDump(text: string): DebugfsDump {
  const preamble: string[] = [];
  const files: { kind: "irq" | "domain"; name: string; lines: string[]; firstLine: number }[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = SEPARATOR.exec(line);
    if (m) files.push({ kind: m[1] === "irq" ? "irq" : "domain", name: m[2] ?? "", lines: [], firstLine: i + 2 });
    else (files.at(-1)?.lines ?? preamble).push(line);
  });
  return {
    preamble: preamble.join("\n"),
    files: files.map(({ lines, ...f }) => ({ ...f, text: lines.join("\n") })),
  };
}
