/**
 * A load that asks for a prefix of the session's own script — a step back, a jump in a compare — is
 * the script the session already checked, cut short: it is booted without parsing and checking every
 * step again (a 1,000-step script spends a third of its replay there). Recognised only when its text
 * is the checked text, step for step; anything else is parsed as any input is.
 */
import { SCENARIO_FORMAT, SCENARIO_VERSION, type Scenario } from "../scenario/schema";

/** Title and machine as text: the same session iff these match (also the step-back shadow's test). */
export function headText(s: { readonly title?: unknown; readonly machine?: unknown }): string {
  return JSON.stringify([s.title ?? "", s.machine]);
}

/** `input` as a checked scenario, when it is one of `scripts` cut after some of its steps. */
export function ownPrefix(input: unknown, scripts: readonly (Scenario | undefined)[]): Scenario | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const want = input as { format?: unknown; version?: unknown; title?: unknown; machine?: unknown; steps?: unknown };
  if (want.format !== SCENARIO_FORMAT || want.version !== SCENARIO_VERSION || !Array.isArray(want.steps))
    return undefined;
  const keys = Object.keys(want);
  if (keys.some((k) => k !== "format" && k !== "version" && k !== "title" && k !== "machine" && k !== "steps"))
    return undefined;
  const head = headText(want);
  const steps: readonly unknown[] = want.steps;
  // Step for step as text, in one string each (a call per step cost ten times more).
  const wanted = JSON.stringify(steps);
  for (const script of scripts) {
    if (!script || steps.length > script.steps.length || headText(script) !== head) continue;
    const prefix = script.steps.slice(0, steps.length);
    if (JSON.stringify(prefix) === wanted) return { ...script, steps: prefix };
  }
  return undefined;
}
