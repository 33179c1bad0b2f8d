/**
 * A recording of a real kernel made by tools/qemu-rig (fixtures/real-kernel/README.md): the QEMU
 * command line, and per phase the action file and the captured sections. Sections a kernel did not
 * provide (no irq debugfs) are simply absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrnoName } from "../kernel/errno";
import type { KconfigByName } from "../kernel/kconfig";
import { KERNELS, type StepInput } from "../scenario/schema";

export interface RecordedAction {
  /** The write as the rig logged it: `write '2' > /proc/irq/25/smp_affinity_list`. */
  readonly text: string;
  readonly step: StepInput;
  /** undefined: the write succeeded. */
  readonly errno: ErrnoName | undefined;
}

export interface Phase {
  readonly name: string;
  readonly actions: RecordedAction[];
  readonly unparsedActions: string[];
  /** Section name → text; only the files the recording has. */
  readonly sections: ReadonlyMap<string, string>;
  /**
   * irq → `vector@cpu` of its last `vector_config` event in the traces up to this phase: where the
   * APIC sends it (hw_irq_cfg). Undefined without a trace; an irq configured only before the trace
   * begins is absent.
   */
  readonly hwConfig: ReadonlyMap<number, string> | undefined;
}

export interface Recording {
  readonly dir: string;
  readonly qemuCmd: string;
  readonly kernel: (typeof KERNELS)[number];
  readonly release: string;
  /** The kernel command line's `intremap=off`. */
  readonly intremapOff: boolean;
  readonly x2apic: boolean;
  /** The build options, as far as what the kernel printed shows them. */
  readonly kconfig: KconfigByName;
  readonly phases: Phase[];
}

/**
 * The build options a recording shows: irq debugfs by its files, KVM by the PIN row and posted MSI
 * by the PMN row that arch_show_interrupts() prints only when they are built in.
 */
function kconfigShown(first: Phase | undefined): KconfigByName {
  const interrupts = first?.sections.get("interrupts") ?? "";
  const debugfs = first ? [...first.sections.keys()].some((k) => k.startsWith("debugfs_irq_")) : false;
  const absent = /\/sys\/kernel\/debug\/irq does not exist/.test(first?.sections.get("debugfs_irq") ?? "");
  return {
    KVM: /^\s*PIN:/m.test(interrupts),
    GENERIC_IRQ_DEBUGFS: debugfs && !absent,
    X86_POSTED_MSI: /^\s*PMN:/m.test(interrupts),
  };
}

/** strerror() text → errno, for the errors a sysfs/procfs write can return. */
const STRERROR: Readonly<Record<string, ErrnoName>> = {
  "Operation not permitted": "EPERM",
  "Invalid argument": "EINVAL",
  "Numerical result out of range": "ERANGE",
  "Input/output error": "EIO",
  "Device or resource busy": "EBUSY",
  "No space left on device": "ENOSPC",
  "Value too large for defined data type": "EOVERFLOW",
};

const WRITE = /^write '([^']*)' > (\S+) : rc=(\d+)(?: error: (?:sh: )?(?:write error: )?(.*))?$/;

function parseAction(line: string): RecordedAction | undefined {
  const m = WRITE.exec(line.trim());
  if (!m) return undefined;
  const [, value = "", path = "", rc = "0", error] = m;
  const errno = rc === "0" ? undefined : (STRERROR[(error ?? "").trim()] ?? "EINVAL");
  const text = `write '${value}' > ${path}`;
  const cpu = /^\/sys\/devices\/system\/cpu\/cpu(\d+)\/online$/.exec(path);
  if (cpu) {
    const n = Number(cpu[1]);
    return { text, errno, step: value.trim() === "0" ? { op: "cpu_offline", cpu: n } : { op: "cpu_online", cpu: n } };
  }
  const aff = /^\/proc\/irq\/(\d+)\/(smp_affinity_list|smp_affinity)$/.exec(path);
  if (aff) {
    const file = aff[2] as "smp_affinity_list" | "smp_affinity";
    return { text, errno, step: { op: "set_affinity", irq: Number(aff[1]), cpus: value.trim(), file } };
  }
  return undefined;
}

function read(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

export function readRecording(dir: string): Recording | string {
  if (!existsSync(dir)) return `${dir}: no such directory`;
  const qemuCmd = read(dir, "qemu-cmd.txt");
  if (qemuCmd === undefined) return `${dir}: no qemu-cmd.txt`;
  const meta = read(dir, "p1-boot__meta.txt");
  if (meta === undefined) return `${dir}: no p1-boot__meta.txt`;
  const release = /^uname_r=(.*)$/m.exec(meta)?.[1] ?? "";
  const mm = /^(\d+)\.(\d+)/.exec(release);
  const kernel = KERNELS.find((k) => mm && k === `${mm[1]}.${mm[2]}`);
  if (!kernel) return `${dir}: kernel ${release || "(unknown)"} is not one the model has (${KERNELS.join(", ")})`;
  const cmdline = /^cmdline=(.*)$/m.exec(meta)?.[1] ?? "";
  const files = readdirSync(dir);
  const names = [...new Set(files.filter((f) => /^p\d+-.+__/.test(f)).map((f) => f.split("__")[0] ?? ""))]
    .filter((n) => files.includes(`${n}__interrupts.txt`))
    .sort();
  const hwConfig = new Map<number, string>();
  const phases = names.map((name): Phase => {
    const sections = new Map<string, string>();
    for (const f of files) {
      if (f.startsWith(`${name}__`)) sections.set(f.slice(name.length + 2).replace(/\.txt$/, ""), read(dir, f) ?? "");
    }
    const actions: RecordedAction[] = [];
    const unparsedActions: string[] = [];
    for (const line of (sections.get("action") ?? "").split("\n")) {
      if (!line.startsWith("write ")) continue;
      const a = parseAction(line);
      if (a) actions.push(a);
      else unparsedActions.push(line);
    }
    const trace = sections.get("trace_irq_vectors_matrix");
    if (trace !== undefined) {
      for (const m of trace.matchAll(/ vector_config: irq=(\d+) vector=(\d+) cpu=(\d+)/g)) {
        hwConfig.set(Number(m[1]), `${m[2]}@${m[3]}`);
      }
      // The dying CPU moves and shuts down its own irqs after it is marked offline, and ftrace drops
      // what an offline CPU emits: what the trace last said of an irq on that CPU is unknown now.
      for (const a of actions) {
        if (a.step.op !== "cpu_offline" || a.errno) continue;
        for (const [irq, cfg] of hwConfig) if (cfg.endsWith(`@${a.step.cpu}`)) hwConfig.delete(irq);
      }
    }
    return { name, actions, unparsedActions, sections, hwConfig: trace === undefined ? undefined : new Map(hwConfig) };
  });
  return {
    dir,
    qemuCmd,
    kernel,
    release,
    intremapOff: /(^|\s)intremap=off(\s|$)/.test(cmdline),
    x2apic: /^cpu\d+ .* x2apic$/m.test(meta),
    kconfig: kconfigShown(phases[0]),
    phases,
  };
}
