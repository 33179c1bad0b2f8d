/**
 * Plays a lesson as a learner who does every step's expected action, through the same Simulator the
 * browser's worker runs (so the action is recorded by device entry, as the UI's are), and checks each
 * step: the action is taken and matches itself as recorded, its own `expect` holds, every condition
 * holds, and what the step lights exists (the canvas node, the interrupt, the CPU, the bit field).
 */
import { errnoText } from "../kernel/errno";
import type { IrqRef } from "../scenario/schema";
import type { StepResult } from "../sim/commands";
import { domainNodes } from "../sim/domain-nodes";
import { irqDetail } from "../sim/irq-detail";
import { resolveIrq } from "../sim/platform-ops";
import { Simulator } from "../sim/simulator";
import { actionMatches, actionText } from "./match";
import type { Lesson, LessonStep } from "./parse";
import type { Highlight } from "./schema";

export interface LessonFailure {
  /** 1-based, as the UI and the deep link count; 0 for the setup. */
  readonly step: number;
  readonly title: string;
  /** The condition or part of the step that failed, and why. */
  readonly problem: string;
}

export interface LessonCheck {
  readonly lines: readonly string[];
  readonly failures: readonly LessonFailure[];
}

function resultText(r: StepResult): string {
  if (!r.ok) return `${errnoText(r.errno)}: ${r.reason}`;
  if (r.silent !== undefined) return `ok, SILENT FAILURE (${r.silent})`;
  return r.summary ? `ok (${r.summary})` : "ok";
}

/** "nic0 msix 0 effective_cpu 2": a condition as a report names it. */
export function conditionText(c: Record<string, unknown>): string {
  const { op: _op, device, store, index, note: _note, ...fields } = c;
  const who = [device, store, index].filter((x) => x !== undefined).join(" ");
  const what = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(
      ([k, value]) =>
        `${k} ${typeof value === "number" && value > 255 ? `0x${value.toString(16)}` : JSON.stringify(value)}`,
    );
  return `${who} ${what.join(", ")}`;
}

function irqOf(sim: Simulator, h: { device: string; store?: string | undefined; index: number }): number | string {
  const ref = (
    h.store ? { device: h.device, store: h.store, index: h.index } : { device: h.device, index: h.index }
  ) as IrqRef;
  const irq = resolveIrq(sim.platform, ref);
  return typeof irq === "number" ? irq : `${h.device} ${h.store ?? ""} ${h.index}: ${irq.reason}`;
}

/** Why the step's highlight names nothing on the machine as it stands, or undefined. */
function highlightProblem(sim: Simulator, h: Highlight): string | undefined {
  switch (h.kind) {
    case "node": {
      const names = domainNodes(sim.platform).nodes.map((n) => n.label);
      return names.includes(h.name)
        ? undefined
        : `highlight: no canvas node named ${JSON.stringify(h.name)} (${names.join(", ")})`;
    }
    case "cpu":
      return h.cpu < sim.platform.machine.config.cpus ? undefined : `highlight: no CPU ${h.cpu}`;
    case "irq": {
      const irq = irqOf(sim, h);
      return typeof irq === "number" ? undefined : `highlight: ${irq}`;
    }
    case "bits": {
      const irq = irqOf(sim, h);
      if (typeof irq !== "number") return `highlight: ${irq}`;
      const d = irqDetail(sim.platform, irq);
      const fields = h.of === "message" ? d?.message?.fields : d?.irte?.fields;
      if (!fields) return `highlight: irq ${irq} has no ${h.of} to show`;
      return fields.some((f) => f.name === h.field)
        ? undefined
        : `highlight: the ${h.of} has no field ${JSON.stringify(h.field)} (${fields.map((f) => f.name).join(", ")})`;
    }
  }
}

function checkStep(sim: Simulator, s: LessonStep, n: number, lines: string[], failures: LessonFailure[]): void {
  const fail = (problem: string) => failures.push({ step: n, title: s.title, problem });
  lines.push(`step ${n} "${s.title}"`);
  // What the step lights is lit when the step begins, before its action.
  const lit = s.highlight ? highlightProblem(sim, s.highlight) : undefined;
  if (lit) fail(lit);
  if (s.action) {
    const r = sim.apply(s.action);
    if (!r.record) {
      fail(`action ${actionText(s.action)} was refused: ${resultText(r.result)}`);
      return;
    }
    lines.push(`  do ${actionText(s.action)} -> ${resultText(r.result)}`);
    if (!actionMatches(s.action, r.record.step)) {
      fail(`action ${actionText(s.action)} was recorded as ${actionText(r.record.step)}, which does not match it`);
    }
    for (const e of r.record.failedExpectations) fail(`action ${actionText(s.action)}: expect ${e}`);
  }
  for (const c of s.holds) {
    const problems = sim.check(c);
    lines.push(`  holds ${conditionText(c)}${problems.length ? ` -> FAILED: ${problems.join("; ")}` : " -> ok"}`);
    for (const p of problems) fail(`holds ${conditionText(c)}: ${p}`);
  }
}

/** Plays `lesson` with every expected action and checks every step; no failures: it teaches what the model does. */
export function checkLesson(lesson: Lesson): LessonCheck {
  const lines: string[] = [];
  const failures: LessonFailure[] = [];
  const booted = Simulator.boot(lesson.scenario);
  if (!booted.ok) return { lines, failures: [{ step: 0, title: "setup", problem: booted.error }] };
  const { sim } = booted;
  for (const r of sim.records) {
    for (const e of r.failedExpectations)
      failures.push({ step: 0, title: "setup", problem: `#${r.n} ${r.what}: expect ${e}` });
  }
  lines.push(`${lesson.id}: ${lesson.title} (${lesson.steps.length} steps, setup ${sim.records.length} steps)`);
  lesson.steps.forEach((s, i) => {
    checkStep(sim, s, i + 1, lines, failures);
  });
  return { lines, failures };
}
