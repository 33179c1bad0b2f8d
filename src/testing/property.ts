/**
 * Property tests run twice: with a pinned seed (the same cases on every run: a failure reproduces, and
 * coverage can be checked on it) and with a fresh seed (new cases on every run). A failure prints the
 * command that replays it: PROP_SEED (and PROP_PATH, straight to the shrunk case) set the fresh test's
 * seed. PROP_RUNS sets how many cases every fresh test tries (a soak: PROP_RUNS=5000).
 */
import { randomInt } from "node:crypto";
import { relative } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";

/** A synchronous property (fc.property(...)). */
export type Property<Ts> = fc.IProperty<Ts>;

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${v}: expected an integer`);
  return n;
}

/** The fresh seed of this test process (shared by the properties it runs), or PROP_SEED. */
export const FRESH_SEED: number = envInt("PROP_SEED") ?? randomInt(2 ** 31 - 1);

/** Cases for a fresh test: PROP_RUNS, or the test's own default. */
export function freshRuns(runs: number): number {
  return envInt("PROP_RUNS") ?? runs;
}

/** The name of the fresh test of `name`: the same on every run, so -t finds it. */
export function freshName(name: string): string {
  return `${name} (fresh seed)`;
}

/** `name` as a -t pattern (a regular expression) inside single quotes in a shell. */
function testPattern(name: string): string {
  return `'${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "'\\''")}'`;
}

/**
 * fc.assert with a seed and a number of cases. A failure keeps fast-check's report (seed, path, the
 * shrunk counterexample) and adds the command that replays exactly that case.
 */
export function checkProperty<Ts>(
  property: Property<Ts>,
  o: { readonly seed: number; readonly runs: number; readonly path?: string; readonly name: string },
): void {
  const details = fc.check(property, {
    seed: o.seed,
    numRuns: o.runs,
    ...(o.path ? { path: o.path, endOnFailure: true } : {}),
  });
  if (!details.failed) return;
  const file = expect.getState().testPath;
  const where = file ? relative(process.cwd(), file) : "";
  const path = details.counterexamplePath ? ` PROP_PATH=${details.counterexamplePath}` : "";
  const replay = `PROP_SEED=${details.seed}${path} npx vitest run ${where} -t ${testPattern(freshName(o.name))}`;
  const cause = details.errorInstance instanceof Error ? { cause: details.errorInstance } : undefined;
  throw new Error(`${fc.defaultReportMessage(details) ?? "property failed"}\nReplay: ${replay}`, cause);
}

export interface PropertyOptions {
  /** The pinned test's seed: the same cases on every run. */
  readonly seed: number;
  /** Cases of the pinned test: fixed, so what it covers does not change from run to run. */
  readonly runs: number;
  /** Cases of the fresh test (default `runs`; PROP_RUNS replaces it). */
  readonly freshRuns?: number;
  /** A watchdog for the test, not a speed check. */
  readonly timeout?: number;
}

/** The fresh test's check: FRESH_SEED (or PROP_SEED), `runs` cases (or PROP_RUNS), PROP_PATH when set. */
export function checkFresh<Ts>(property: Property<Ts>, name: string, runs: number): void {
  const path = process.env.PROP_PATH;
  checkProperty(property, { seed: FRESH_SEED, runs: freshRuns(runs), name, ...(path ? { path } : {}) });
}

/** A watchdog for a fresh test that grows with PROP_RUNS, so that a soak does not meet it. */
export function freshTimeout(runs: number, timeout = 60_000): number {
  return Math.max(timeout, Math.ceil((timeout * freshRuns(runs)) / runs));
}

/**
 * The pinned and the fresh test of one property. `property` is called once per test, so each gets
 * its own state. PROP_PATH, when set, goes straight to one case of the fresh test (use it with -t).
 */
export function propertyTests<Ts>(name: string, property: () => Property<Ts>, o: PropertyOptions): void {
  test(
    `${name} (pinned seed ${o.seed})`,
    () => checkProperty(property(), { seed: o.seed, runs: o.runs, name }),
    o.timeout,
  );
  const runs = o.freshRuns ?? o.runs;
  test(freshName(name), () => checkFresh(property(), name, runs), freshTimeout(runs, o.timeout));
}
