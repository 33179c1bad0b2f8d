/** The CPU header: its labels name the online CPUs, so columns map by label, never by position. */
import type { ProcLine } from "./proc-interrupts-lines";

export type HeaderResult = { ok: true; cpus?: number[]; line?: number } | { ok: false; error: string };

export function findHeader(lines: ProcLine[]): HeaderResult {
  let cpus: number[] | undefined;
  let headerLine: number | undefined;
  let prevWasHeader = false;
  let firstRow: number | undefined;
  for (const l of lines) {
    if (l.kind === "irq" || l.kind === "arch") firstRow ??= l.line.n;
    if (l.kind !== "header") {
      if (l.kind !== "blank") prevWasHeader = false;
      continue;
    }
    if (cpus === undefined || headerLine === undefined) {
      if (firstRow !== undefined) {
        return { ok: false, error: `line ${l.line.n}: CPU header after the rows (first row at line ${firstRow})` };
      }
      cpus = [...l.cpus];
      headerLine = l.line.n;
    } else if (prevWasHeader) {
      cpus.push(...l.cpus); // a long header wrapped by a mailer or terminal
    } else {
      return {
        ok: false,
        error: `line ${l.line.n}: a second CPU header (the first is at line ${headerLine}); paste one /proc/interrupts table at a time`,
      };
    }
    prevWasHeader = true;
  }
  if (cpus === undefined) return { ok: true };
  for (let i = 1; i < cpus.length; i++) {
    const prev = cpus[i - 1] ?? 0;
    const cur = cpus[i] ?? 0;
    if (cur <= prev) {
      return { ok: false, error: `line ${headerLine}: CPU labels must ascend, but CPU${cur} follows CPU${prev}` };
    }
  }
  return { ok: true, cpus, ...(headerLine === undefined ? {} : { line: headerLine }) };
}
