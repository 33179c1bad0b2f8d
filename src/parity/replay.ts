/**
 * Rebuilds a recording's machine in the model and replays its phases: the recorded writes as
 * scenario steps, then every irq the recording saw fire during the phase is raised twice and a few
 * jiffies pass. Devices that interrupt keep doing so (e1000e's watchdog every 2 s): the first
 * interrupt carries out a deferred move on the old CPU, the next lands on the new vector and lets the
 * old one be cleaned up — the recordings' traces show both within the phase, even when
 * /proc/interrupts was read before the second.
 */

import { parseProcInterrupts } from "../import/proc-interrupts";
import { domainDebugShow, irqDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import type { Platform } from "../kernel/platform";
import { parseScenario } from "../scenario/parse";
import { Q35_BOARD_DEVICES } from "../scenario/q35";
import type { ScenarioInput, StepInput } from "../scenario/schema";
import type { OpResult } from "../sim/platform-ops";
import { bootScenarioMachine, runScenarioStep, type StepReport } from "../sim/scenario-runner";
import { parseQemuCmd, type QemuMachine } from "./qemu-cmd";
import type { Phase, RecordedAction, Recording } from "./recording";

/** Interrupts replayed per irq that fired in a phase (see above). */
const RAISES_PER_FIRING_IRQ = 2;

/** Jiffies a phase lets pass after its interrupts: enough for every one-jiffy cleanup timer. */
const PHASE_JIFFIES = 10;

export interface ModelPhase {
  readonly name: string;
  readonly interrupts: string;
  /** irq → its irqs/N text. */
  readonly irqFiles: Map<number, string>;
  readonly vectorDomain: string;
  readonly irqs: Map<number, { chip: string; hwirq: string; effective: string }>;
  /** One per recorded action, in order. */
  readonly actions: StepReport[];
}

export interface Replay {
  readonly machine: QemuMachine;
  readonly scenario: ScenarioInput;
  readonly phases: ModelPhase[];
}

/** A recorded write as a step expecting what the kernel answered. */
function recordedStep(a: RecordedAction): StepInput {
  return { ...a.step, expect: a.errno ? { errno: a.errno } : { ok: true } } as StepInput;
}

/** The scenario a recording stands for: its machine and its writes (no interrupts). */
export function recordingScenario(rec: Recording, machine: QemuMachine): ScenarioInput {
  return {
    format: "irqscope-scenario",
    version: 1,
    title: `QEMU q35 recording ${rec.dir.split("/").pop() ?? rec.dir} (${rec.release})`,
    machine: {
      cpus: machine.cpus,
      kernel: rec.kernel,
      board: "q35",
      ir: machine.intremap && !rec.intremapOff ? "on" : "off",
      scheme: "old",
      x2apic: rec.x2apic,
      kconfig: rec.kconfig,
      devices: [...Q35_BOARD_DEVICES, ...machine.devices],
    },
    steps: rec.phases.flatMap((ph) => ph.actions.map(recordedStep)),
  };
}

/** Per-CPU totals of each irq in a phase's /proc/interrupts. */
function firedCounts(ph: Phase | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const text = ph?.sections.get("interrupts");
  if (!text) return out;
  const r = parseProcInterrupts(text);
  if (!r.ok) return out;
  for (const row of r.table.irqs)
    out.set(
      row.irq,
      row.counts.reduce((a, b) => a + b, 0),
    );
  return out;
}

function snapshot(p: Platform, name: string, actions: StepReport[]): ModelPhase {
  const core = p.machine.core;
  const irqFiles = new Map<number, string>();
  const irqs = new Map<number, { chip: string; hwirq: string; effective: string }>();
  for (const irq of p.machine.descs.irqs()) {
    const text = irqDebugShow(core, irq);
    if (text) irqFiles.set(irq, text);
    const desc = p.machine.descs.desc(irq);
    const chip = desc?.data?.chip ?? desc?.legacyChip;
    if (desc && chip !== undefined) {
      irqs.set(irq, { chip, hwirq: String(desc.data?.hwirq ?? 0), effective: desc.effective.toList() });
    }
  }
  return {
    name,
    interrupts: showInterrupts(core),
    irqFiles,
    vectorDomain: domainDebugShow(p.machine.vector.domain),
    irqs,
    actions,
  };
}

export function replayRecording(rec: Recording): Replay | string {
  const machine = parseQemuCmd(rec.qemuCmd);
  if (typeof machine === "string") return `qemu-cmd.txt: ${machine}`;
  if (machine.unsupported.length > 0) return `qemu-cmd.txt: no model for -device ${machine.unsupported.join(", ")}`;
  const input = recordingScenario(rec, machine);
  // Interrupts: one raise per irq that fired during the phase, then time passes.
  const withFiring: StepInput[][] = rec.phases.map((ph, i) => {
    const before = firedCounts(rec.phases[i - 1]);
    const fired = [...firedCounts(ph)].filter(([irq, n]) => n > (before.get(irq) ?? 0)).map(([irq]) => irq);
    return [
      ...ph.actions.map(recordedStep),
      ...fired.map((irq): StepInput => ({ op: "raise", irq, times: RAISES_PER_FIRING_IRQ })),
      { op: "tick", jiffies: PHASE_JIFFIES },
    ];
  });
  const parsed = parseScenario({ ...input, steps: withFiring.flat() });
  if (!parsed.ok) return `the recording's scenario is invalid: ${parsed.error}`;
  const platform = bootScenarioMachine({ ...parsed.scenario, steps: [] }, () => {});
  if (typeof platform === "string") return platform;
  const lastRaise = new Map<number, OpResult>();
  const phases: ModelPhase[] = [];
  let at = 0;
  rec.phases.forEach((ph, i) => {
    const steps = parsed.scenario.steps.slice(at, at + (withFiring[i]?.length ?? 0));
    at += steps.length;
    const reports = steps.map((s, n) => runScenarioStep(platform, s, n, lastRaise));
    phases.push(snapshot(platform, ph.name, reports.slice(0, ph.actions.length)));
  });
  return { machine, scenario: input, phases };
}
