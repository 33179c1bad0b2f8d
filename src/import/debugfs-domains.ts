/**
 * Reads one /sys/kernel/debug/irq/domains/NAME file: the domain, then each parent after its
 * `parent: NAME` line (irq_domain_debug_show_one). The chain follows the `parent:` lines, which
 * also holds when a web page collapsed the indentation. Never throws.
 */
import { badValue, classifyDebugfsLine, type DebugfsLine, walkDebugfsFile } from "./debugfs-lines";
import {
  applyMatrixKey,
  applyMatrixTableLine,
  finishMatrix,
  isMatrixTableLine,
  MATRIX_KEYS,
  type MatrixDraft,
  type VectorMatrix,
} from "./debugfs-matrix";
import { parseDecimal, parseHex } from "./numbers";
import { type SourceLine, toSourceLines } from "./text-lines";

export type { MatrixRow, VectorMatrix } from "./debugfs-matrix";

export interface DebugfsDomain {
  name: string;
  size: number;
  /** Linux irqs mapped in this domain. */
  mapped: number;
  flags: number;
  flagNames: string[];
  /** The VECTOR domain's matrix summary. */
  matrix?: VectorMatrix;
  parent?: DebugfsDomain;
  /** Input line of its `name:` line. */
  line: number;
}

export type DebugfsDomainResult =
  | { ok: true; domain: DebugfsDomain; warnings: string[] }
  | { ok: false; error: string };

interface Draft {
  name: string;
  line: number;
  size?: number;
  mapped?: number;
  flags?: number;
  flagNames: string[];
  parentName?: string;
  parentLine?: number;
  matrix?: MatrixDraft;
}

interface State {
  base: number;
  drafts: Draft[];
  names: string[] | undefined;
  warnings: string[];
}

type KeyLine = DebugfsLine & { kind: "key" };

function matrixOf(d: Draft, n: number): MatrixDraft {
  d.matrix ??= { rows: [], line: n, header: false };
  return d.matrix;
}

function startDomain(s: State, l: KeyLine): string | undefined {
  const prev = s.drafts.at(-1);
  if (prev && prev.parentName === undefined) {
    return `line ${l.line.n}: a second domain starts here without a 'parent:' line above; split the dump first`;
  }
  if (prev && prev.parentName !== l.value) {
    s.warnings.push(`line ${l.line.n}: parent was named '${prev.parentName}' but this domain is '${l.value}'`);
  }
  s.drafts.push({ name: l.value, line: l.line.n, flagNames: [] });
  return undefined;
}

function applyKey(s: State, d: Draft, l: KeyLine): string | undefined {
  s.names = undefined;
  if (l.key === "size" || l.key === "mapped") {
    const v = parseDecimal(l.value);
    if (v === undefined) return badValue(l, "a decimal number");
    d[l.key] = v;
  } else if (l.key === "flags") {
    const v = parseHex(l.value);
    if (v === undefined) return badValue(l, "a hex number");
    d.flags = v;
    s.names = d.flagNames;
  } else if (l.key === "parent") {
    d.parentName = l.value;
    d.parentLine = l.line.n;
  } else return applyMatrixKey(matrixOf(d, l.line.n), l);
  return undefined;
}

const DOMAIN_KEYS: ReadonlySet<string> = new Set(["size", "mapped", "flags", "parent", ...MATRIX_KEYS]);

/** Apply one line; returns an error, "end" when the file is over, or undefined to go on. */
function step(s: State, l: DebugfsLine): string | "end" | undefined {
  const d = s.drafts.at(-1);
  if (l.kind === "blank") return undefined;
  if (l.kind === "name") {
    if (s.names) s.names.push(l.name);
    else s.warnings.push(`line ${l.line.n}: flag name '${l.name}' under no flags line; ignored`);
    return undefined;
  }
  if (l.kind === "other") {
    // Under the matrix header a line starting with a number is a (possibly damaged) row.
    const row = d?.matrix?.header === true && /^\s*\d/.test(l.line.text);
    if (!d || !(row || isMatrixTableLine(l.line.text))) return "end";
    s.names = undefined;
    return applyMatrixTableLine(matrixOf(d, l.line.n), l.line.n, l.line.text);
  }
  if (l.key === "name") return startDomain(s, l);
  if (d && DOMAIN_KEYS.has(l.key)) return applyKey(s, d, l);
  if (l.indent > s.base) {
    s.warnings.push(`line ${l.line.n}: unknown field '${l.key}:' ignored`);
    return undefined;
  }
  return "end";
}

function finishDraft(d: Draft, parent: DebugfsDomain | undefined, warnings: string[]): DebugfsDomain | string {
  const { size, mapped, flags } = d;
  if (size === undefined || mapped === undefined || flags === undefined) {
    return `line ${d.line}: domain '${d.name}' lacks its size, mapped or flags line (truncated?)`;
  }
  const domain: DebugfsDomain = { name: d.name, size, mapped, flags, flagNames: d.flagNames, line: d.line };
  if (d.matrix) {
    const matrix = finishMatrix(d.matrix, warnings);
    if (typeof matrix === "string") return matrix;
    domain.matrix = matrix;
  }
  if (parent) domain.parent = parent;
  return domain;
}

function finish(s: State): DebugfsDomainResult {
  let parent: DebugfsDomain | undefined;
  const last = s.drafts.at(-1);
  if (last?.parentName !== undefined) {
    return {
      ok: false,
      error: `line ${last.parentLine ?? last.line}: 'parent: ${last.parentName}' but the parent's lines are missing`,
    };
  }
  for (const draft of [...s.drafts].reverse()) {
    const domain = finishDraft(draft, parent, s.warnings);
    if (typeof domain === "string") return { ok: false, error: domain };
    parent = domain;
  }
  if (!parent) return { ok: false, error: "no domain" };
  return { ok: true, domain: parent, warnings: s.warnings };
}

/** Parse one domains/NAME file; `firstLine` numbers its first line when cut out of a bigger dump. */
export function parseDebugfsDomain(text: string, firstLine = 1): DebugfsDomainResult {
  if (text.trim() === "") return { ok: false, error: "empty input: paste a /sys/kernel/debug/irq/domains/NAME file" };
  return parseDebugfsDomainLines(toSourceLines(text, firstLine));
}

/** Parse one domains/NAME file from lines already cleaned (toSourceLines). */
export function parseDebugfsDomainLines(source: readonly SourceLine[]): DebugfsDomainResult {
  const firstLine = source[0]?.n ?? 1;
  const lines = source.map(classifyDebugfsLine);
  const start = lines.findIndex((l) => l.kind === "key" && l.key === "name");
  const first = lines[start];
  if (first?.kind !== "key") {
    return { ok: false, error: `line ${firstLine}: no 'name:' line, so this is not a domains/NAME file` };
  }
  const s: State = { base: first.indent, drafts: [], names: undefined, warnings: [] };
  const i = walkDebugfsFile(lines, start, s, step, "the domains/NAME file");
  if (typeof i !== "number") return { ok: false, error: i.error };
  return finish(s);
}
