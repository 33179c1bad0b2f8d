/**
 * Reads a lesson file: JSON text or a parsed value, checked with the lesson schema, then its scenario,
 * actions and conditions as one scenario (setup + each step's action and conditions in order), so the
 * scenario schema's messages and cross-checks (devices that exist, CPUs in range) apply to them, with
 * their paths put back where the lesson wrote them (`steps[2].action.cpus: "0-x" is not a CPU list`).
 * Bad input gets exactly one message.
 */
import * as v from "valibot";
import { parseJsonText } from "../scenario/json";
import { formatIssue, parseScenario } from "../scenario/parse";
import type { Scenario, Step, StepOf } from "../scenario/schema";
import { type Highlight, LessonFileSchema } from "./schema";

export interface LessonStep {
  readonly title: string;
  readonly look: string;
  readonly highlight?: Highlight;
  readonly do?: string;
  /** The expected action, as the scenario schema completes it. */
  readonly action?: Step;
  readonly hint?: string;
  /** Conditions: `expect` steps on the state after the step. */
  readonly holds: readonly StepOf<"expect">[];
  readonly why: string;
}

export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** The machine and the setup steps the lesson starts from. */
  readonly scenario: Scenario;
  readonly steps: readonly LessonStep[];
}

export type LessonParse =
  | { readonly ok: true; readonly lesson: Lesson }
  | { readonly ok: false; readonly error: string };

const bad = (error: string): LessonParse => ({ ok: false, error });

export function parseLesson(input: string | unknown): LessonParse {
  let raw: unknown = input;
  if (typeof input === "string") {
    const read = parseJsonText(input);
    if (!read.ok) return bad(read.error);
    raw = read.value;
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return bad("expected a JSON object (an irqscope lesson)");
  const shape = v.safeParse(LessonFileSchema, raw, { abortEarly: true });
  if (!shape.success) return bad(shape.issues[0] ? formatIssue(shape.issues[0]) : "invalid lesson");
  const file = shape.output;

  // Rules of the lesson's own: an action waits for the learner, so it says what to do and what to say if not.
  for (const [i, s] of file.steps.entries()) {
    const at = `steps[${i}]`;
    if (s.action) {
      if (s.do === undefined) return bad(`${at}.do: missing required field (a step with an action says what to do)`);
      if (s.hint === undefined) return bad(`${at}.hint: missing required field (a step with an action has a hint)`);
      if (s.action.op === "expect")
        return bad(`${at}.action.op: an action is something the learner does; put "expect" in "holds"`);
      if ("irq" in s.action)
        return bad(`${at}.action.irq: name the interrupt by "device" + "index": irq numbers change with the machine`);
    } else if (s.hint !== undefined) {
      return bad(`${at}.hint: a step without an action has nothing to hint at`);
    }
    for (const [j, h] of (s.holds ?? []).entries()) {
      if ("op" in h) return bad(`${at}.holds[${j}].op: a condition is the fields of an "expect" step, without "op"`);
      if ("irq" in h)
        return bad(
          `${at}.holds[${j}].irq: name the interrupt by "device" + "index": irq numbers change with the machine`,
        );
    }
  }
  const { scenario } = file;
  if (Array.isArray(scenario.steps) === false && scenario.steps !== undefined) {
    return bad(`scenario.steps: expected an array of steps`);
  }
  const setup: unknown[] = Array.isArray(scenario.steps) ? scenario.steps : [];

  // One scenario: setup, then each step's action and conditions. `where` maps its steps back.
  const where: string[] = setup.map((_, k) => `scenario.steps[${k}]`);
  const combined: unknown[] = [...setup];
  for (const [i, s] of file.steps.entries()) {
    if (s.action) {
      combined.push(s.action);
      where.push(`steps[${i}].action`);
    }
    for (const [j, h] of (s.holds ?? []).entries()) {
      combined.push({ op: "expect", ...h });
      where.push(`steps[${i}].holds[${j}]`);
    }
  }
  const parsed = parseScenario({ ...scenario, steps: combined });
  if (!parsed.ok) {
    const m = /^steps\[(\d+)\](.*)$/s.exec(parsed.error);
    if (m) return bad(`${where[Number(m[1])] ?? "scenario.steps"}${m[2]}`);
    return bad(`scenario.${parsed.error}`);
  }
  const all = parsed.scenario.steps;
  let k = setup.length;
  const steps: LessonStep[] = file.steps.map((s) => {
    const action = s.action ? all[k++] : undefined;
    const holds = (s.holds ?? []).map(() => all[k++] as StepOf<"expect">);
    return {
      title: s.title,
      look: s.look,
      ...(s.highlight ? { highlight: s.highlight } : {}),
      ...(s.do === undefined ? {} : { do: s.do }),
      ...(action ? { action } : {}),
      ...(s.hint === undefined ? {} : { hint: s.hint }),
      holds,
      why: s.why,
    };
  });
  return {
    ok: true,
    lesson: {
      id: file.id,
      title: file.title,
      summary: file.summary,
      scenario: { ...parsed.scenario, steps: all.slice(0, setup.length) },
      steps,
    },
  };
}
