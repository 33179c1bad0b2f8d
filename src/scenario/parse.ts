import * as v from "valibot";
import { parseJsonText } from "./json";
import { got, renderPath } from "./messages";
import { type Scenario, ScenarioSchema, type StepInput, StepSchema } from "./schema";

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/**
 * Validates a scenario: JSON text (a file, a decoded share link) or an already parsed value. On success the
 * scenario comes back with every default applied and values normalised (long BDFs, hex strings as numbers,
 * `alloc.max`); on failure, exactly one message: the first problem in file order, after its path
 * (`steps[3].cpus: "0-x" is not a CPU list`). A wrong `format` or `version` is reported before anything
 * else, since the rest of such a file cannot be read as a version-1 scenario.
 */
export function parseScenario(input: string | unknown): ParseResult {
  let raw: unknown = input;
  if (typeof input === "string") {
    const read = parseJsonText(input);
    if (!read.ok) return read;
    raw = read.value;
  }
  const checked = validate(raw);
  return checked.ok ? checked : { ok: false, error: checked.problems[0] ?? "invalid scenario" };
}

/** Every problem of a parsed JSON value, as messages, in the order parseScenario reports them. */
export function scenarioProblems(raw: unknown): string[] {
  const checked = validate(raw);
  return checked.ok ? [] : checked.problems;
}

function validate(raw: unknown): { ok: true; scenario: Scenario } | { ok: false; problems: string[] } {
  const result = v.safeParse(ScenarioSchema, raw, { abortEarly: false, message: fallbackMessage });
  if (result.success) return { ok: true, scenario: result.output };
  const ranked = result.issues.map((issue, n) => ({
    issue,
    n,
    rank: rank(issue),
    at: filePosition(raw, keysOf(issue)),
  }));
  ranked.sort((a, b) => a.rank - b.rank || comparePositions(a.at, b.at) || a.n - b.n);
  return { ok: false, problems: ranked.map((r) => formatIssue(r.issue)) };
}

/**
 * The first problem of one step on its own, with its path inside the step (`cpus: "0-x" is not a CPU
 * list`), or undefined. What needs the machine (devices and CPUs that exist) is not checked here.
 */
export function stepProblem(step: unknown): string | undefined {
  const result = v.safeParse(StepSchema, step, { abortEarly: false, message: fallbackMessage });
  if (result.success) return undefined;
  const first = result.issues
    .map((issue, n) => ({ issue, n, at: filePosition(step, keysOf(issue)) }))
    .sort((a, b) => comparePositions(a.at, b.at) || a.n - b.n)[0];
  return first && (first.issue.path?.length ? formatIssue(first.issue) : first.issue.message);
}

/** Whether `step` is a valid step on its own (stepProblem() says why not). */
export function isStepInput(step: unknown): step is StepInput {
  return v.is(StepSchema, step);
}

/** `path: message`; an object schema handed an array reports at the array, not at a missing field. */
export function formatIssue(issue: v.BaseIssue<unknown>): string {
  const items = issue.path ?? [];
  const last = items[items.length - 1];
  if (last && last.type === "object" && Array.isArray(last.input)) {
    const parent = renderPath(items.slice(0, -1).map((p) => p.key));
    return parent === "" ? "expected a JSON object, got an array" : `${parent}: expected an object, got an array`;
  }
  const path = renderPath(items.map((p) => p.key));
  if (items.length === 0) return rootMessage(issue);
  return `${path}: ${issue.message}`;
}

function rootMessage(issue: v.BaseIssue<unknown>): string {
  return `expected a JSON object (an irqscope scenario), got ${got(issue.input)}`;
}

function fallbackMessage(issue: v.BaseIssue<unknown>): string {
  return `expected ${issue.expected ?? "something else"}, got ${got(issue.input)}`;
}

function keysOf(issue: v.BaseIssue<unknown>): unknown[] {
  return (issue.path ?? []).map((p) => p.key);
}

/** `format` first, then `version`, then everything else in file order. */
function rank(issue: v.BaseIssue<unknown>): number {
  const keys = keysOf(issue);
  if (keys.length === 0) return 0;
  if (keys[0] === "format") return 1;
  if (keys[0] === "version") return 2;
  return 3;
}

/**
 * Where a path lies in the file: the index of each key among its object's keys (JSON.parse keeps the file's
 * order) or the array index. A missing field counts as found at the end of its object, where a reader
 * notices it is missing.
 */
function filePosition(raw: unknown, keys: readonly unknown[]): number[] {
  const at: number[] = [];
  let cur: unknown = raw;
  for (const key of keys) {
    if (Array.isArray(cur) && typeof key === "number") {
      at.push(key);
      cur = cur[key];
    } else if (cur !== null && typeof cur === "object" && typeof key === "string") {
      const own = Object.keys(cur);
      const n = own.indexOf(key);
      at.push(n < 0 ? own.length : n);
      cur = n < 0 ? undefined : (cur as Record<string, unknown>)[key];
    } else {
      at.push(Number.MAX_SAFE_INTEGER);
      break;
    }
  }
  return at;
}

function comparePositions(a: readonly number[], b: readonly number[]): number {
  for (let n = 0; n < Math.min(a.length, b.length); n++) {
    const d = (a[n] ?? 0) - (b[n] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
