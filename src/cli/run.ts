/** `sim run FILE [--format text|json|proc|debugfs]`: runs a scenario file headless. */
import { domainDebugShow, irqDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import { parseScenario } from "../scenario/parse";
import { guestWorldOf } from "../sim/guest/guest-world";
import {
  bootScenarioMachine,
  formatStepWithVirt,
  irqState,
  runScenario,
  type ScenarioRun,
} from "../sim/scenario-runner";
import { readFileArgs } from "./file-args";
import { type CliIo, RUN_USAGE } from "./io";

const FORMATS = ["text", "json", "proc", "debugfs"] as const;

/** /sys/kernel/debug/irq/domains/* and irqs/*, each under a `==> path <==` header. */
function debugfsDump(run: ScenarioRun): string {
  const p = run.platform;
  const out: string[] = [];
  const domains = [...p.domains()].sort((a, b) => a.name.localeCompare(b.name));
  for (const d of domains) out.push(`==> /sys/kernel/debug/irq/domains/${d.name} <==\n${domainDebugShow(d)}`);
  out.push(`==> /sys/kernel/debug/irq/domains/default <==\n${domainDebugShow(p.machine.vector.domain)}`);
  for (const irq of p.machine.descs.irqs()) {
    const text = irqDebugShow(p.machine.core, irq);
    if (text) out.push(`==> /sys/kernel/debug/irq/irqs/${irq} <==\n${text}`);
  }
  return out.join("\n");
}

function jsonDump(run: ScenarioRun): string {
  const p = run.platform;
  const irqs = [...p.machine.descs.irqs()]
    .filter((irq) => p.machine.descs.desc(irq)?.data)
    .map((irq) => irqState(p, irq));
  return `${JSON.stringify(
    {
      steps: run.steps.map((s) => ({
        n: s.n,
        op: s.op,
        what: s.what,
        irq: s.irq,
        result: s.result,
        failedExpectations: s.failedExpectations,
        ...(s.virt ? { virt: s.virt } : {}),
      })),
      expectFailed: run.expectFailed,
      final: { irqs, irteInUse: p.iommu?.bitmap.used ?? 0, log: run.log },
      ...guestSummary(p),
    },
    null,
    2,
  )}\n`;
}

/** A guest run's host side: the negotiated scheme, the boot's VMM events, each guest interrupt's backing. */
function guestSummary(p: ScenarioRun["platform"]): { guest?: unknown } {
  const w = guestWorldOf(p);
  if (!w) return {};
  return {
    guest: {
      scheme: w.scheme.summary,
      granted: w.granted,
      host: w.hostSpec,
      boot: w.bootEvents,
      backs: [...w.backs.values()].map((b) => ({
        device: b.device,
        store: b.store,
        index: b.slot,
        guestIrq: b.guestIrq,
        via: b.via,
        hostIrq: b.vfio?.hostIrq,
        hostName: b.vfio?.name,
        gsi: b.route?.gsi,
        silent: b.silent,
      })),
    },
  };
}

/** Exit status: 0 the scenario ran, 1 an expectation failed, 2 the file or arguments are invalid. */
export function runCommand(args: string[], io: CliIo): number {
  const given = readFileArgs("run", RUN_USAGE, FORMATS, args, io);
  if (given === 2) return 2;
  const { file, format } = given;
  const parsed = parseScenario(given.text);
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.error}\n`);
    return 2;
  }
  const log: string[] = [];
  const platform = bootScenarioMachine(parsed.scenario, (line) => log.push(line));
  if (typeof platform === "string") {
    io.err(`${file}: ${platform}\n`);
    return 2;
  }
  const run = runScenario(parsed.scenario, platform, log);
  const boot = guestWorldOf(platform)?.bootEvents ?? [];
  const bootLines = boot.length ? `boot:\n${boot.map((e) => `    · ${e.text}`).join("\n")}\n` : "";
  if (format === "text") io.out(`${bootLines}${run.steps.map(formatStepWithVirt).join("\n")}\n`);
  else if (format === "json") io.out(jsonDump(run));
  else if (format === "proc") io.out(showInterrupts(platform.machine.core));
  else io.out(debugfsDump(run));
  return run.expectFailed ? 1 : 0;
}
