/**
 * Rebuilds a recording's machine in the model and replays its phases: the recorded writes as
 * scenario steps, then every irq the recording saw fire during the phase is raised twice and a few
 * jiffies pass. Devices that interrupt keep doing so (e1000e's watchdog every 2 s): the first
 * interrupt carries out a deferred move on the old CPU, the next lands on the new vector and lets the
 * old one be cleaned up — the recordings' traces show both within the phase, even when
 * /proc/interrupts was read before the second.
 */

import { parseProcInterrupts } from "../import/proc-interrupts";
import { CpuMask } from "../kernel/cpumask";
import { domainDebugShow, irqDebugShow } from "../kernel/irq/debugfs";
import { IRQD } from "../kernel/irq/irqdesc";
import { formatMatrixTraceEvent } from "../kernel/irq/matrix-trace-events";
import { showInterrupts, shownAffinity } from "../kernel/irq/proc";
import type { Platform } from "../kernel/platform";
import { parseScenario } from "../scenario/parse";
import { Q35_BOARD_DEVICES } from "../scenario/q35";
import type { ScenarioInput, StepInput } from "../scenario/schema";
import type { OpResult } from "../sim/platform-ops";
import { presentDevices } from "../sim/present-devices";
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
  readonly irqs: Map<number, ModelIrq>;
  /** PCI function (BDF) → its msi_irqs. */
  readonly msiIrqs: Map<string, string>;
  /** One per recorded action, in order. */
  readonly actions: StepReport[];
  /** The irq_vectors and irq_matrix events of the phase (since the previous one), without timestamps. */
  readonly trace: string[];
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

/** What the rig lists of an irq (its irq_table fields) and where the APIC sends it. */
export interface ModelIrq {
  readonly fields: ReadonlyMap<string, string>;
  /** `vector@cpu` of hw_irq_cfg, as the last vector_config trace event shows it. */
  readonly hwConfig: string | undefined;
}

/** mirrors what /proc/irq/N/* and /sys/kernel/irq/N/* show of a descriptor, under the rig's keys. */
function irqFields(p: Platform, irq: number): ModelIrq | undefined {
  const core = p.machine.core;
  const desc = p.machine.descs.desc(irq);
  const chip = desc?.data?.chip ?? desc?.legacyChip;
  if (!desc || chip === undefined) return undefined;
  const apicd = p.machine.vector.apicd.get(irq);
  const fields = new Map<string, string>([
    ["chip", chip],
    ["hwirq", desc.data ? String(desc.data.hwirq) : ""],
    ["type", desc.has(IRQD.LEVEL) ? "level" : "edge"],
    ["handler", desc.flowName],
    ["actions", desc.actions.map((a) => a.name).join(",")],
    ["smp_affinity_list", shownAffinity(core, irq)],
    ["effective_affinity_list", desc.effective.toList()],
    ["affinity_hint", (desc.affinityHint ?? new CpuMask(desc.affinity.nbits)).toHex()],
    ["node", String(desc.node)],
  ]);
  return { fields, hwConfig: apicd ? `${apicd.hwVector}@${apicd.hwCpu}` : undefined };
}

/** `msi_irqs` of every PCI function the model has, as the rig lists them (`24:msix 25:msix`). */
function msiIrqs(p: Platform): Map<string, string> {
  const out = new Map<string, string>();
  for (const dev of presentDevices(p).pci) {
    const list: string[] = [];
    for (const slot of dev.msi.slots) {
      for (const desc of slot?.descs("associated") ?? []) {
        const kind = desc.pci?.isMsix ? "msix" : "msi";
        for (let i = 0; i < desc.nvecUsed; i++) list.push(`${desc.irq + i}:${kind}`);
      }
    }
    out.set(dev.bdf, list.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10)).join(" "));
  }
  return out;
}

function snapshot(p: Platform, name: string, actions: StepReport[]): Omit<ModelPhase, "trace"> {
  const core = p.machine.core;
  const irqFiles = new Map<number, string>();
  const irqs = new Map<number, ModelIrq>();
  for (const irq of p.machine.descs.irqs()) {
    const text = irqDebugShow(core, irq);
    if (text) irqFiles.set(irq, text);
    const f = irqFields(p, irq);
    if (f) irqs.set(irq, f);
  }
  return {
    name,
    interrupts: showInterrupts(core),
    irqFiles,
    vectorDomain: domainDebugShow(p.machine.vector.domain),
    irqs,
    msiIrqs: msiIrqs(p),
    actions,
  };
}

export function replayRecording(rec: Recording): Replay | string {
  const machine = parseQemuCmd(rec.qemuCmd);
  if (typeof machine === "string") return `qemu-cmd.txt: ${machine}`;
  if (machine.unsupported.length > 0) return `qemu-cmd.txt: no model for -device ${machine.unsupported.join(", ")}`;
  const input = recordingScenario(rec, machine);
  // Interrupts: an irq that fires during the phase keeps firing, so right after a write to it and
  // again at the end of the phase it is raised; time passes after every write and at the end.
  const actionAt: number[][] = [];
  const withFiring: StepInput[][] = rec.phases.map((ph, i) => {
    const before = firedCounts(rec.phases[i - 1]);
    const fired = [...firedCounts(ph)].filter(([irq, n]) => n > (before.get(irq) ?? 0)).map(([irq]) => irq);
    const steps: StepInput[] = [];
    const at: number[] = [];
    for (const a of ph.actions) {
      at.push(steps.length);
      steps.push(recordedStep(a));
      const irq = a.step.op === "set_affinity" && "irq" in a.step ? a.step.irq : undefined;
      if (irq !== undefined && fired.includes(irq) && !a.errno) {
        steps.push({ op: "raise", irq, times: RAISES_PER_FIRING_IRQ });
      }
      // The rig's writes are separate processes, milliseconds apart: a cleanup timer armed by one
      // (intel_ir_set_affinity() schedules it at once) has run before the next.
      steps.push({ op: "tick", jiffies: PHASE_JIFFIES });
    }
    actionAt.push(at);
    steps.push(...fired.map((irq): StepInput => ({ op: "raise", irq, times: RAISES_PER_FIRING_IRQ })));
    steps.push({ op: "tick", jiffies: PHASE_JIFFIES });
    return steps;
  });
  const parsed = parseScenario({ ...input, steps: withFiring.flat() });
  if (!parsed.ok) return `the recording's scenario is invalid: ${parsed.error}`;
  // The tracepoints, as ftrace prints them after the timestamp; cut per phase below.
  const trace: string[] = [];
  const platform = bootScenarioMachine(
    { ...parsed.scenario, steps: [] },
    { vectorTrace: (line) => trace.push(line), trace: (e) => trace.push(formatMatrixTraceEvent(e)) },
  );
  if (typeof platform === "string") return platform;
  const lastRaise = new Map<number, OpResult>();
  const phases: ModelPhase[] = [];
  let at = 0;
  rec.phases.forEach((ph, i) => {
    const steps = parsed.scenario.steps.slice(at, at + (withFiring[i]?.length ?? 0));
    at += steps.length;
    const reports = steps.map((s, n) => {
      const before = trace.length;
      const r = runScenarioStep(platform, s, n, lastRaise);
      // The dying CPU migrates its irqs and goes offline itself, after it is marked offline: ftrace
      // keeps nothing an offline CPU emits, so a recording has none of these events.
      if (s.op === "cpu_offline" && r.result.ok) trace.length = before;
      return r;
    });
    const actions = (actionAt[i] ?? []).flatMap((n) => (reports[n] ? [reports[n]] : []));
    phases.push({ ...snapshot(platform, ph.name, actions), trace: trace.splice(0) });
  });
  return { machine, scenario: input, phases };
}
