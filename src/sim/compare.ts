/**
 * Old scheme vs new (`sim compare`, the browser's compare view): one scenario run twice, with
 * `machine.scheme` "old" and "new" and everything else as in the file, and every step's two outcomes
 * and writes side by side. Pure: the CLI and the worker call the same functions, and the diff itself
 * (`diffRuns`) reads only the two runs' records and write records, whatever sinks those hold.
 */
import { parseScenario } from "../scenario/parse";
import type { MachineSpec, Scenario } from "../scenario/schema";
import type { StepRecord } from "./commands";
import {
  type Outcome,
  outcomeOf,
  outcomesDiffer,
  outcomeWords,
  type WritesInWords,
  writesDiffer,
  writesInWords,
} from "./compare-words";
import { Simulator } from "./simulator";
import type { StepWrites } from "./step-writes";

export const SCHEMES = ["old", "new"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** What each scheme is, in the words the compare prints and shows (schemes.md). */
export const SCHEME_WORDS: Record<Scheme, string> = {
  old: "old scheme: what kernels and hypervisors did in 2021",
  new: "new scheme: the Dec 2021 proposal (never shipped as a whole; see what happened upstream)",
};

/** One side of one step: the contract's fields (ok, errno, silent, delivered) and more. */
export interface CompareSide extends Outcome {
  /** "alloc_ims dsa0 2". */
  readonly what: string;
  /** The outcome in plain words. */
  readonly words: string;
  /** The kernel's reason when it failed, or the silent failure's. */
  readonly reason?: string;
  /** The device entry the step named ("nvme0 msix 3"), when it named one. */
  readonly target?: string;
  /** The irq numbers the step concerned or allocated on this machine (they differ between schemes). */
  readonly irqs?: readonly number[];
  readonly writes: WritesInWords;
}

export interface CompareStep {
  readonly step: number;
  readonly op: string;
  /** The step as the script names it, without the irq numbers each machine gave it. */
  readonly what: string;
  readonly old: CompareSide;
  readonly new: CompareSide;
  /** The outcomes differ: ok vs errno vs silent, a different errno, delivered or not. */
  readonly differs: boolean;
  /** What was written where differs (device entries, IRTEs, any other sink). */
  readonly writesDiffer: boolean;
}

export interface CompareResult {
  readonly title: string;
  /** The machine as the file has it, without the scheme (each side sets its own). */
  readonly machine: Omit<MachineSpec, "scheme">;
  readonly steps: readonly CompareStep[];
  /** Steps whose outcomes differ, and steps that differ only in what they wrote. */
  readonly differing: number;
  readonly writesDiffering: number;
}

/** One run as the diff reads it: each step's record and write record. */
export interface SchemeRun {
  readonly records: readonly StepRecord[];
  readonly writes: readonly (StepWrites | undefined)[];
}

function side(r: StepRecord, w: StepWrites | undefined): CompareSide {
  const res = r.result;
  const irqs = res.ok && res.irqs?.length ? res.irqs : r.irq === undefined ? undefined : [r.irq];
  const reason = res.ok ? res.silent : res.reason;
  return {
    ...outcomeOf(res, r.step.op),
    what: r.what,
    words: outcomeWords(r.step.op, res),
    ...(reason === undefined ? {} : { reason }),
    ...(r.target === undefined ? {} : { target: r.target }),
    ...(irqs ? { irqs } : {}),
    writes: writesInWords(w),
  };
}

/** The two runs step by step (a pure function of the records: no model is touched). */
export function diffRuns(title: string, machine: MachineSpec, old: SchemeRun, neu: SchemeRun): CompareResult {
  const steps: CompareStep[] = [];
  const n = Math.min(old.records.length, neu.records.length);
  for (let i = 0; i < n; i++) {
    const [ro, rn] = [old.records[i], neu.records[i]];
    if (!ro || !rn) continue;
    const [so, sn] = [side(ro, old.writes[i]), side(rn, neu.writes[i])];
    steps.push({
      step: i,
      op: ro.step.op,
      what: ro.what.replace(/ \(irq \d+\)/g, ""),
      old: so,
      new: sn,
      differs: outcomesDiffer(so, sn),
      writesDiffer: writesDiffer(so.writes, sn.writes),
    });
  }
  const { scheme: _scheme, ...rest } = machine;
  return {
    title,
    machine: rest,
    steps,
    differing: steps.filter((s) => s.differs).length,
    writesDiffering: steps.filter((s) => !s.differs && s.writesDiffer).length,
  };
}

/** The scenario with its machine on `scheme`. */
export function onScheme(s: Scenario, scheme: Scheme): Scenario {
  return { ...s, machine: { ...s.machine, scheme } };
}

export type CompareAnswer =
  | { readonly ok: true; readonly scenario: Scenario; readonly result: CompareResult }
  | { readonly ok: false; readonly error: string };

/** Runs `input` (JSON text or a value) on both schemes; an invalid file, or a machine a scheme cannot boot, is one message. */
export function compareScenario(input: unknown): CompareAnswer {
  const parsed = parseScenario(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const runs: SchemeRun[] = [];
  for (const scheme of SCHEMES) {
    const booted = Simulator.boot(onScheme(parsed.scenario, scheme));
    if (!booted.ok) return { ok: false, error: `machine.scheme "${scheme}": ${booted.error}` };
    const { sim } = booted;
    runs.push({ records: sim.records, writes: sim.records.map((_, i) => sim.stepWrites(i)) });
  }
  const [old, neu] = runs as [SchemeRun, SchemeRun];
  const s = parsed.scenario;
  return { ok: true, scenario: s, result: diffRuns(s.title ?? "", s.machine, old, neu) };
}
