// Why valibot: the browser validates share links with the same schema the Node runner uses, and valibot is
// a set of plain functions that tree-shake to the few kB a schema needs; the TypeScript types below are
// inferred from the schemas (never kept by hand), and rawCheck/rawTransform let each message name its field.
import * as v from "valibot";
import { DEVICE_MODELS, DEVICE_SCHEMAS, type DeviceModel, moduleOf, SHAREABLE_LINE_MODELS } from "../devices/registry";
import { kernelAtLeast } from "../kernel/arch/x86/vector";
import { parseCpuList } from "../kernel/cpumask";
import { ERRNO, type ErrnoName } from "../kernel/errno";
import { DISTRIBUTION_KCONFIG, type KernelConfig, kconfigByName, kernelConfigFromNames } from "../kernel/kconfig";
import { didYouMean, got, oneOf, renderPath } from "./messages";
import {
  bool,
  choice,
  deviceRef,
  expected,
  type Issue,
  int,
  isRecord,
  type Path,
  type PathKey,
  pathItems,
  record,
  str,
  strict,
} from "./schema-parts";

/** The scenario file format (docs/scenario-format.md; contract: shared spec scenario-format.md). */
export const SCENARIO_FORMAT = "irqscope-scenario";
export const SCENARIO_VERSION = 1;
export const MAX_CPUS = 512;
export const KERNELS = ["6.1", "6.6", "6.12"] as const;
export const PLATFORMS = ["bare-metal", "guest"] as const;
/** VFIO's MSI-X growth on the host: pci_msix_alloc_irq_at() (v6.5+), or disable and re-enable. */
export const HOST_VFIO = ["dynamic", "legacy"] as const;
export const HYPERVISORS = ["kvm", "hyperv"] as const;
export type { DeviceModel };
/** Device models of format version 1 (one module each, src/devices/registry.ts). */
export { DEVICE_MODELS };
/** Model names reserved for later versions: none left (the seeds' devices are modelled). */
export const LATER_MODELS: readonly string[] = [];
/** How the machine boots: "generic" adds the devices; "q35" boots Linux as on QEMU q35 (drivers probe). */
export const BOARDS = ["generic", "q35"] as const;
export const OPS = [
  "alloc",
  "alloc_at",
  "free_at",
  "alloc_ims",
  "free_ims",
  "free_vectors",
  "request_irq",
  "free_irq",
  "set_affinity",
  "cpu_offline",
  "cpu_online",
  "device_add",
  "device_remove",
  "raise",
  "tick",
  "expect",
] as const;
/**
 * Where an interrupt's message is stored, when a device has several stores; "peer" is the copy an
 * NTB peer host holds (index = transport queue pair).
 */
export const IRQ_STORES = ["msi", "msix", "ims", "intx", "peer"] as const;
/** pci_alloc_irq_vectors() types (PCI_IRQ_MSIX, PCI_IRQ_MSI, PCI_IRQ_INTX). */
export const ALLOC_TYPES = ["msix", "msi", "intx"] as const;
export const ERRNO_NAMES = Object.keys(ERRNO) as ErrnoName[];
/** Expectation fields, in the order the docs list them. */
export const EXPECTATION_FIELDS = [
  "ok",
  "errno",
  "effective_cpu",
  "vector",
  "irte",
  "address",
  "data",
  "delivered",
  "silent",
  "count",
  "backed",
] as const;

export type IrqStore = (typeof IRQ_STORES)[number];
export type AllocType = (typeof ALLOC_TYPES)[number];

// ---------------------------------------------------------------------------------------------------------
// Building blocks of the file's own fields (the shared ones are in schema-parts.ts).

/** True when `text` is cpulist syntax (`0-3,8`, `all`, `0-15:2/4`); the range is checked against the machine. */
function isCpuListSyntax(text: string, allowEmpty: boolean): boolean {
  if (text.trim() === "") return allowEmpty;
  const r = parseCpuList(text, MAX_CPUS);
  return r.ok || r.errno === "ERANGE";
}
const cpuList = (allowEmpty: boolean) =>
  v.pipe(
    str,
    v.check(
      (text) => isCpuListSyntax(text, allowEmpty),
      (issue) => `${got(issue.input)} is not a CPU list`,
    ),
  );

/** A number, or a `"0x…"` string, as a number (MSI address and data words). */
function numberOrHex(max: number) {
  const range = `0 to 0x${max.toString(16)}`;
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, number>(({ dataset, addIssue, NEVER }) => {
      const x = dataset.value;
      let n: number;
      if (typeof x === "number") n = x;
      else if (typeof x === "string" && /^0x[0-9a-fA-F]+$/.test(x)) n = Number.parseInt(x.slice(2), 16);
      else {
        addIssue({ message: `expected a number or a "0x…" hex string, got ${got(x)}` });
        return NEVER;
      }
      if (!Number.isInteger(n) || n < 0 || n > max) {
        addIssue({ message: `${got(x)} is out of range (${range})` });
        return NEVER;
      }
      return n;
    }),
  );
}

const errnoName = v.picklist(
  ERRNO_NAMES,
  (issue) =>
    `${got(issue.input)} is not an errno name${didYouMean(issue.input, ERRNO_NAMES) || ` (known: ${ERRNO_NAMES.join(", ")})`}`,
);

// ---------------------------------------------------------------------------------------------------------
// Devices: each model's schema lives in its module (src/devices/), listed once in the registry.

const V1_MODELS = `v1 models: ${DEVICE_MODELS.join(", ")}`;

/** One device of `machine.devices` or of a `device_add` step, discriminated on `model`. */
export const DeviceSchema = v.pipe(
  v.variant("model", DEVICE_SCHEMAS, (issue) => {
    const model = issue.input;
    if (issue.path === undefined) return `expected a device object, got ${got(model)}`;
    if (model === undefined) return `missing required field (${V1_MODELS})`;
    if (LATER_MODELS.includes(String(model))) return `${got(model)} is not modelled yet (${V1_MODELS})`;
    if (typeof model !== "string") return `expected a model name, got ${got(model)} (${V1_MODELS})`;
    return `${got(model)} is not a device model${didYouMean(model, DEVICE_MODELS)} (${V1_MODELS})`;
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const d = dataset.value;
    const problem = moduleOf(d.model)?.check?.(d);
    if (problem) addIssue({ message: problem.message, path: pathItems(d, [problem.key]) });
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Machine

const DISTRIBUTION_KCONFIG_BY_NAME = kconfigByName(DISTRIBUTION_KCONFIG);

export const MachineSchema = record({
  cpus: int(1, MAX_CPUS),
  offline: v.optional(cpuList(true), ""),
  kernel: v.optional(choice(KERNELS), "6.12"),
  platform: v.optional(choice(PLATFORMS), "bare-metal"),
  board: v.optional(choice(BOARDS), "generic"),
  ir: v.optional(choice(["on", "off"]), "on"),
  scheme: v.optional(choice(["new", "old"]), "new"),
  hypervisor_grants_new_scheme: v.optional(bool, true),
  x2apic: v.optional(bool, false),
  /** Build options by their Kconfig names; a distribution kernel's (Debian's) when absent. */
  kconfig: v.optional(
    record({
      KVM: v.optional(bool, DISTRIBUTION_KCONFIG_BY_NAME.KVM),
      GENERIC_IRQ_DEBUGFS: v.optional(bool, DISTRIBUTION_KCONFIG_BY_NAME.GENERIC_IRQ_DEBUGFS),
      X86_POSTED_MSI: v.optional(bool, DISTRIBUTION_KCONFIG_BY_NAME.X86_POSTED_MSI),
    }),
    () => ({}),
  ),
  devices: v.optional(v.array(DeviceSchema, expected("an array of devices")), () => []),
  /** platform "guest": the host it runs on (defaults in hostOf()). */
  host: v.optional(
    record({
      cpus: v.optional(int(1, MAX_CPUS), 16),
      kernel: v.optional(choice(KERNELS), "6.12"),
      ir: v.optional(choice(["on", "off"]), "on"),
      vfio: v.optional(choice(HOST_VFIO), "dynamic"),
      hypervisor: v.optional(choice(HYPERVISORS), "kvm"),
      /** KVM posts to vCPUs through VT-d posted interrupts (irq bypass) where the host has IR. */
      posted: v.optional(bool, true),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------------------
// Expectations

const expectationEntries = {
  ok: v.optional(bool),
  errno: v.optional(errnoName),
  effective_cpu: v.optional(int(0, MAX_CPUS - 1)),
  vector: v.optional(int(0, 255)),
  irte: v.optional(int(0, 65535)),
  address: v.optional(numberOrHex(Number.MAX_SAFE_INTEGER)),
  data: v.optional(numberOrHex(0xffffffff)),
  delivered: v.optional(bool),
  silent: v.optional(bool),
  count: v.optional(int(0)),
  backed: v.optional(bool),
};

interface ExpectationProblem {
  key: string | undefined;
  message: string;
}
function expectationProblems(e: Record<string, unknown>): ExpectationProblem | undefined {
  if (!EXPECTATION_FIELDS.some((f) => e[f] !== undefined)) {
    return { key: undefined, message: `nothing to expect (give at least one of ${EXPECTATION_FIELDS.join(", ")})` };
  }
  if (e.ok === true && e.errno !== undefined) {
    return { key: "errno", message: `${got(e.errno)} contradicts "ok": true` };
  }
  return undefined;
}

/** What a step's own `expect` asserts about its result. */
export const ExpectationSchema = v.pipe(
  record(expectationEntries),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const p = expectationProblems(dataset.value);
    if (p)
      addIssue({ message: p.message, ...(p.key === undefined ? {} : { path: pathItems(dataset.value, [p.key]) }) });
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Steps

/** An interrupt named by its Linux irq number, or by device + index (+ store where a device has several). */
export const IrqRefSchema = v.union([
  strict({ irq: int(0) }),
  strict({ device: deviceRef, index: int(0, 65535), store: v.optional(choice(IRQ_STORES)) }),
]);

const irqRefEntries = {
  irq: v.optional(int(0)),
  device: v.optional(deviceRef),
  index: v.optional(int(0, 65535)),
  store: v.optional(choice(IRQ_STORES)),
};
const common = { note: v.optional(str), expect: v.optional(ExpectationSchema) };

const allocType = v.pipe(
  v.unknown(),
  v.rawTransform<unknown, AllocType | AllocType[]>(({ dataset, addIssue, NEVER }) => {
    const x = dataset.value;
    const bad = (value: unknown, inList = false) =>
      `expected ${inList ? oneOf(ALLOC_TYPES) : `${ALLOC_TYPES.map((t) => JSON.stringify(t)).join(", ")} or a list of them`}, got ${got(value)}${didYouMean(value, ALLOC_TYPES)}`;
    const isType = (t: unknown): t is AllocType => (ALLOC_TYPES as readonly unknown[]).includes(t);
    if (isType(x)) return x;
    if (!Array.isArray(x)) {
      addIssue({ message: bad(x) });
      return NEVER;
    }
    if (x.length === 0) {
      addIssue({ message: `an empty list (give one or more of ${oneOf(ALLOC_TYPES)}, tried in order)` });
      return NEVER;
    }
    for (let i = 0; i < x.length; i++) {
      const t: unknown = x[i];
      const problem = !isType(t) ? bad(t, true) : x.indexOf(t) < i ? `${got(t)} is already in the list` : undefined;
      if (problem !== undefined) {
        addIssue({ message: problem, path: pathItems(x, [i]) });
        return NEVER;
      }
    }
    return x as AllocType[];
  }),
);

const msixIndex = int(0, 2047);

const StepVariant = v.variant(
  "op",
  [
    strict({
      op: v.literal("alloc"),
      device: deviceRef,
      type: allocType,
      min: v.optional(int(1, 2048), 1),
      max: v.optional(int(1, 2048)),
      affinity: v.optional(choice(["none", "managed"]), "none"),
      ...common,
    }),
    strict({
      op: v.literal("alloc_at"),
      device: deviceRef,
      index: v.union(
        [v.literal("any"), msixIndex],
        (issue) => `expected an index from 0 to 2047 or "any", got ${got(issue.input)}`,
      ),
      ...common,
    }),
    strict({ op: v.literal("free_at"), device: deviceRef, index: msixIndex, ...common }),
    strict({
      op: v.literal("alloc_ims"),
      device: deviceRef,
      count: v.optional(int(1, 65536), 1),
      pasid: v.optional(int(0, 0xfffff)),
      ...common,
    }),
    strict({ op: v.literal("free_ims"), device: deviceRef, index: int(0, 65535), ...common }),
    strict({ op: v.literal("free_vectors"), device: deviceRef, store: v.optional(choice(IRQ_STORES)), ...common }),
    strict({
      op: v.literal("request_irq"),
      ...irqRefEntries,
      name: v.optional(v.pipe(str, v.minLength(1, "expected a handler name, got an empty string"))),
      shared: v.optional(bool),
      ...common,
    }),
    strict({ op: v.literal("free_irq"), ...irqRefEntries, name: v.optional(str), ...common }),
    strict({
      op: v.literal("set_affinity"),
      ...irqRefEntries,
      cpus: str,
      /** Which /proc/irq/N file is written: the CPU list (default) or the hex mask. */
      file: v.optional(choice(["smp_affinity_list", "smp_affinity"]), "smp_affinity_list"),
      ...common,
    }),
    strict({ op: v.literal("cpu_offline"), cpu: int(0, MAX_CPUS - 1), ...common }),
    strict({ op: v.literal("cpu_online"), cpu: int(0, MAX_CPUS - 1), ...common }),
    strict({ op: v.literal("device_add"), device: DeviceSchema, ...common }),
    strict({ op: v.literal("device_remove"), device: deviceRef, ...common }),
    strict({ op: v.literal("raise"), ...irqRefEntries, times: v.optional(int(1, 1_000_000), 1), ...common }),
    strict({ op: v.literal("tick"), jiffies: v.optional(int(1, 2 ** 31 - 1), 1), ...common }),
    strict({ op: v.literal("expect"), ...irqRefEntries, ...expectationEntries, note: v.optional(str) }),
  ],
  (issue) => {
    const op = issue.input;
    if (issue.path === undefined) return `expected a step object, got ${got(op)}`;
    if (op === undefined) return "missing required field";
    if (typeof op !== "string") return `expected an op name, got ${got(op)}`;
    const hint = didYouMean(op, OPS);
    return `${got(op)} is not an op${hint || ` (ops: ${OPS.join(", ")})`}`;
  },
);

type VariantStep = v.InferOutput<typeof StepVariant>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** `alloc` steps come out with `max` filled in (its default is `min`). */
type WithDefaults<S> = S extends { op: "alloc" } ? Simplify<Omit<S, "max"> & { max: number }> : S;

const IRQ_REF_OPS: ReadonlySet<string> = new Set(["request_irq", "free_irq", "set_affinity", "raise", "expect"]);

/** One step of the script, discriminated on `op`. */
export const StepSchema = v.pipe(
  StepVariant,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const s = dataset.value as VariantStep & Record<string, unknown>;
    const at = (key: string) => pathItems(s, [key]);
    if (IRQ_REF_OPS.has(s.op)) {
      const byDevice = s.device !== undefined || s.index !== undefined || s.store !== undefined;
      if (s.irq !== undefined && byDevice) {
        const key = s.device !== undefined ? "device" : s.index !== undefined ? "index" : "store";
        addIssue({ message: `name the interrupt by "irq" or by "device" + "index", not both`, path: at(key) });
      } else if (s.irq === undefined && !byDevice) {
        addIssue({ message: `which interrupt? (give "irq", or "device" + "index")` });
      } else if (s.irq === undefined && s.device === undefined) {
        addIssue({ message: `missing required field ("index" names an interrupt of a device)`, path: at("device") });
      } else if (s.irq === undefined && s.index === undefined) {
        addIssue({
          message: `missing required field (an interrupt is named by "device" + "index")`,
          path: at("index"),
        });
      }
    }
    if (s.op === "set_affinity") {
      const ok =
        s.file === "smp_affinity" ? /^[0-9a-fA-F]+(,[0-9a-fA-F]+)*$/.test(s.cpus) : isCpuListSyntax(s.cpus, false);
      if (!ok) {
        const what = s.file === "smp_affinity" ? "a hex CPU mask" : "a CPU list";
        addIssue({ message: `${got(s.cpus)} is not ${what}`, path: at("cpus") });
      }
    }
    if (s.op === "alloc" && s.max !== undefined && s.max < s.min) {
      addIssue({ message: `${s.max} is less than min (${s.min})`, path: at("max") });
    }
    if (s.op === "expect") {
      const p = expectationProblems(s);
      if (p) addIssue({ message: p.message, ...(p.key === undefined ? {} : { path: at(p.key) }) });
    }
  }),
  v.transform((s): WithDefaults<VariantStep> => {
    if (s.op !== "alloc") return s;
    const { op, device, type, min, max, ...rest } = s; // keeps the fields in the documented order
    return { op, device, type, min, max: max ?? min, ...rest };
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Cross-field checks over the whole file: names, BDFs and GSIs unique, devices and CPUs that exist.

function crossChecks({
  dataset,
  addIssue,
}: {
  dataset: { value: unknown; issues?: readonly Issue[] | undefined };
  addIssue: (info: { message: string; path: Path }) => void;
}): void {
  const root = dataset.value;
  if (!isRecord(root)) return;
  const bad = (dataset.issues ?? []).map((i) => (i.path ?? []).map((p) => p.key));
  const startsWith = (a: readonly unknown[], b: readonly unknown[]) => b.every((k, n) => a[n] === k);
  /** No problem was found at, above or below `keys`: the value there is the schema's output. */
  const clean = (keys: readonly PathKey[]) => !bad.some((q) => startsWith(keys, q) || startsWith(q, keys));
  const report = (keys: readonly PathKey[], message: string) => addIssue({ message, path: pathItems(root, keys) });

  const machine = isRecord(root.machine) ? root.machine : {};
  // Without a readable device list, "no device named" would be noise after the real problem.
  const devicesReadable = isRecord(root.machine) && (machine.devices === undefined || Array.isArray(machine.devices));
  const cpus = clean(["machine", "cpus"]) && typeof machine.cpus === "number" ? machine.cpus : undefined;
  const cpuInRange = (keys: PathKey[], cpu: unknown) => {
    if (cpus !== undefined && typeof cpu === "number" && cpu >= cpus && clean(keys)) {
      report(keys, `CPU ${cpu} is beyond the last one (${cpus - 1})`);
    }
  };

  const kconfig = isRecord(machine.kconfig) ? machine.kconfig : {};
  const kernel = typeof machine.kernel === "string" ? machine.kernel : "6.12";
  if (
    kconfig.X86_POSTED_MSI === true &&
    clean(["machine", "kconfig", "X86_POSTED_MSI"]) &&
    clean(["machine", "kernel"])
  ) {
    if (!kernelAtLeast(kernel as (typeof KERNELS)[number], 6, 10))
      report(["machine", "kconfig", "X86_POSTED_MSI"], `X86_POSTED_MSI exists from Linux 6.10 on, not in ${kernel}`);
  }

  const offline = machine.offline;
  if (cpus !== undefined && typeof offline === "string" && offline.trim() !== "" && clean(["machine", "offline"])) {
    const r = parseCpuList(offline, cpus);
    if (!r.ok) report(["machine", "offline"], r.reason);
    else if (r.mask.has(0)) report(["machine", "offline"], "CPU 0 must stay online");
  }

  interface Placed {
    name: string;
    where: string;
    bdf: string | undefined;
    gsi: number | undefined;
  }
  const known = new Set<string>(); // names steps may refer to (present now or removed earlier)
  const present = new Map<string, Placed>();
  const byBdf = new Map<string, Placed>();
  const byGsi = new Map<number, { placed: Placed; shareable: boolean }[]>();

  const place = (dev: unknown, keys: PathKey[]) => {
    if (!isRecord(dev)) return;
    if (typeof dev.name === "string") known.add(dev.name);
    if (!clean([...keys, "model"]) || typeof dev.name !== "string") return;
    const placed: Placed = { name: dev.name, where: renderPath(keys), bdf: undefined, gsi: undefined };
    if (clean([...keys, "name"])) {
      const other = present.get(dev.name);
      if (other) report([...keys, "name"], `${JSON.stringify(dev.name)} is already used by ${other.where}`);
      else present.set(dev.name, placed);
    }
    if (typeof dev.bdf === "string" && clean([...keys, "bdf"])) {
      const other = byBdf.get(dev.bdf);
      if (other) report([...keys, "bdf"], `${dev.bdf} is already used by ${JSON.stringify(other.name)}`);
      else {
        byBdf.set(dev.bdf, placed);
        placed.bdf = dev.bdf;
      }
    }
    const ioapic = moduleOf(String(dev.model))?.line;
    if (ioapic && typeof dev.gsi === "number" && clean([...keys, "gsi"])) {
      const users = byGsi.get(dev.gsi) ?? [];
      const conflict = users.find((u) => !(u.shareable && ioapic.shareable));
      if (conflict) {
        report(
          [...keys, "gsi"],
          `GSI ${dev.gsi} is already used by ${JSON.stringify(conflict.placed.name)} (only ${SHAREABLE_LINE_MODELS.join(" and ")} lines are shareable)`,
        );
      } else {
        users.push({ placed, shareable: ioapic.shareable });
        byGsi.set(dev.gsi, users);
        placed.gsi = dev.gsi;
      }
    }
  };
  const unplace = (name: string) => {
    const p = present.get(name);
    if (!p) return;
    present.delete(name);
    if (p.bdf !== undefined) byBdf.delete(p.bdf);
    if (p.gsi !== undefined) {
      const users = (byGsi.get(p.gsi) ?? []).filter((u) => u.placed !== p);
      byGsi.set(p.gsi, users);
    }
  };
  const refer = (keys: PathKey[], name: unknown) => {
    if (devicesReadable && typeof name === "string" && clean(keys) && !known.has(name)) {
      report(keys, `no device named ${JSON.stringify(name)}`);
    }
  };

  const devices = Array.isArray(machine.devices) ? machine.devices : [];
  devices.forEach((dev, i) => {
    place(dev, ["machine", "devices", i]);
  });

  const steps = Array.isArray(root.steps) ? root.steps : [];
  steps.forEach((step: unknown, j) => {
    if (!isRecord(step) || !clean(["steps", j, "op"])) return;
    const k = (...rest: PathKey[]): PathKey[] => ["steps", j, ...rest];
    switch (step.op) {
      case "device_add":
        place(step.device, k("device"));
        break;
      case "device_remove":
        refer(k("device"), step.device);
        if (typeof step.device === "string") unplace(step.device);
        break;
      case "cpu_offline":
      case "cpu_online":
        cpuInRange(k("cpu"), step.cpu);
        break;
      // set_affinity naming a CPU beyond the machine is not a bad file: the write gets -ERANGE, as in the kernel.
      case "expect":
        cpuInRange(k("effective_cpu"), step.effective_cpu);
        break;
    }
    if (step.op !== "device_add" && step.op !== "device_remove") refer(k("device"), step.device);
    if (isRecord(step.expect)) cpuInRange(k("expect", "effective_cpu"), step.expect.effective_cpu);
  });
}

// ---------------------------------------------------------------------------------------------------------
// The file

export const ScenarioSchema = v.pipe(
  record({
    format: v.literal(
      SCENARIO_FORMAT,
      (issue) => `expected ${JSON.stringify(SCENARIO_FORMAT)}, got ${got(issue.input)}`,
    ),
    version: v.literal(SCENARIO_VERSION, (issue) =>
      typeof issue.input === "number" && Number.isInteger(issue.input) && issue.input > SCENARIO_VERSION
        ? `${issue.input} is newer than this irqscope understands (${SCENARIO_VERSION})`
        : `expected ${SCENARIO_VERSION}, got ${got(issue.input)}`,
    ),
    title: v.optional(str),
    machine: MachineSchema,
    steps: v.optional(v.array(StepSchema, expected("an array of steps")), () => []),
  }),
  v.rawCheck(({ dataset, addIssue }) => crossChecks({ dataset, addIssue })),
);

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
/** A scenario as a file may write it: defaults omitted, short BDFs, hex strings. */
export type ScenarioInput = v.InferInput<typeof ScenarioSchema>;
export type MachineSpec = v.InferOutput<typeof MachineSchema>;

/** A scenario's `kconfig` (Kconfig names) as the model's KernelConfig. */
export const kernelConfigOf: (k: MachineSpec["kconfig"]) => KernelConfig = kernelConfigFromNames;
export type DeviceSpec = v.InferOutput<typeof DeviceSchema>;
export type Step = v.InferOutput<typeof StepSchema>;
/** A step as a file (or the UI) may write it: defaults omitted. */
export type StepInput = v.InferInput<typeof StepSchema>;
export type Expectation = v.InferOutput<typeof ExpectationSchema>;
export type IrqRef = v.InferOutput<typeof IrqRefSchema>;
export type StepOf<Op extends Step["op"]> = Extract<Step, { op: Op }>;
export type DeviceOf<M extends DeviceModel> = Extract<DeviceSpec, { model: M }>;

/** The interrupt a step names (`irq`, or `device` + numeric `index` [+ `store`]), if it names one. */
export function irqRefOf(step: Step): IrqRef | undefined {
  const s: Readonly<Record<string, unknown>> = step;
  if (typeof s.irq === "number") return { irq: s.irq };
  if (typeof s.device === "string" && typeof s.index === "number") {
    const store = IRQ_STORES.find((st) => st === s.store);
    return store === undefined ? { device: s.device, index: s.index } : { device: s.device, index: s.index, store };
  }
  return undefined;
}

/** The expectation a step carries: its own `expect`, or the fields of an `expect` op. */
export function expectationOf(step: Step): Expectation | undefined {
  if (step.op !== "expect") return step.expect;
  const e: Record<string, unknown> = {};
  for (const f of EXPECTATION_FIELDS) if (step[f] !== undefined) e[f] = step[f];
  return e as Expectation;
}

/** The host of a guest machine, its defaults filled in (scenario-format "Guests"). */
export type HostSpec = NonNullable<MachineSpec["host"]>;
export const DEFAULT_HOST: HostSpec = {
  cpus: 16,
  kernel: "6.12",
  ir: "on",
  vfio: "dynamic",
  hypervisor: "kvm",
  posted: true,
};
export function hostOf(m: MachineSpec): HostSpec {
  return m.host ?? DEFAULT_HOST;
}
