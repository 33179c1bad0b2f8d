/** Palette commands that are scenario steps: what a driver, a person or a device does to the kernel. */
import { ALLOC_TYPES, type AllocType } from "../../scenario/schema";
import { addCommand } from "./add-command";
import { fail, readChoice, readCountOrOne, readCpu, readCpuList, readDevice, readInt, readIrq } from "./args";
import type { CommandContext } from "./context";
import { type CommandSpec, type ParseResult, step } from "./spec";

/** `msix`, `msix,msi` or `msix/msi/intx`: the types pci_alloc_irq_vectors() tries, in order. */
function allocTypes(tok: string): { ok: true; value: AllocType | AllocType[] } | { ok: false; error: string } {
  const parts = tok.split(/[,/|]/);
  const types: AllocType[] = [];
  for (const part of parts) {
    const t = readChoice(part, ALLOC_TYPES, "an allocation type");
    if (!t.ok) return t;
    types.push(t.value);
  }
  return { ok: true, value: types.length === 1 ? (types[0] as AllocType) : types };
}

/** `4` (exactly 4: min = max) or `1-4` (min-max). */
function countRange(tok: string): { ok: true; min: number; max: number } | { ok: false; error: string } {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(tok);
  if (!m) return fail(`${JSON.stringify(tok)} is not a count (N, or MIN-MAX)`);
  const min = Number(m[1]);
  return { ok: true, min, max: m[2] === undefined ? min : Number(m[2]) };
}

const alloc: CommandSpec = {
  name: "alloc",
  usage: "DEVICE TYPE [COUNT|MIN-MAX] [managed]",
  summary: "pci_alloc_irq_vectors(): TYPE msix, msi, intx or a list (msix,msi); COUNT exactly, MIN-MAX a range",
  args: ["device", "alloc-type", "count", "managed"],
  min: 2,
  max: 4,
  parse(args, ctx) {
    const [dev = "", typeTok = "", ...rest] = args;
    const device = readDevice(dev, ctx);
    if (!device.ok) return device;
    const type = allocTypes(typeTok);
    if (!type.ok) return type;
    let min = 1;
    let max = 1;
    let managed = false;
    for (const tok of rest) {
      if (tok.toLowerCase() === "managed") {
        managed = true;
        continue;
      }
      const c = countRange(tok);
      if (!c.ok) return fail(`${c.error}; or "managed"`);
      ({ min, max } = c);
    }
    return step(
      { op: "alloc", device: device.value, type: type.value, min, max, affinity: managed ? "managed" : "none" },
      "first-irq",
    );
  },
};

/** A command naming a device and an index of its store. */
function deviceIndex(
  name: string,
  op: "alloc_at" | "free_at" | "free_ims",
  summary: string,
  argKinds: CommandSpec["args"],
): CommandSpec {
  return {
    name,
    usage: op === "alloc_at" ? "DEVICE INDEX|any" : "DEVICE INDEX",
    summary,
    args: argKinds,
    min: 2,
    max: 2,
    parse(args, ctx) {
      const [dev = "", idx = ""] = args;
      const device = readDevice(dev, ctx);
      if (!device.ok) return device;
      if (op === "alloc_at" && idx.toLowerCase() === "any") {
        return step({ op, device: device.value, index: "any" }, "first-irq");
      }
      const index = readInt(idx, op === "alloc_at" ? 'an index, or "any"' : "an index");
      if (!index.ok) return index;
      return step({ op, device: device.value, index: index.value }, op === "alloc_at" ? "first-irq" : undefined);
    },
  };
}

/** What a command's parse gives back once its first argument was read. */
type Built = ParseResult | { readonly ok: false; readonly error: string };
type SpecWords = Omit<CommandSpec, "parse">;

/** A command on one device: its first argument names the device, the rest build the step. */
function onDevice(words: SpecWords, build: (device: string, rest: readonly string[]) => Built): CommandSpec {
  return {
    ...words,
    parse(args, ctx) {
      const device = readDevice(args[0] ?? "", ctx);
      return device.ok ? build(device.value, args.slice(1)) : device;
    },
  };
}

/** A command on one irq: its first argument names the irq; the step selects it. */
function onIrq(
  words: SpecWords,
  build: (irq: number, rest: readonly string[], item: IrqItem | undefined, ctx: CommandContext) => Built,
): CommandSpec {
  return {
    ...words,
    parse(args, ctx) {
      const r = readIrq(args[0] ?? "", ctx);
      return r.ok ? build(r.value.irq, args.slice(1), r.value.item, ctx) : r;
    },
  };
}
type IrqItem = { device: string; store: string; slot: number };
const selectIrq = (irq: number) => ({ kind: "irq", irq }) as const;

const allocIms = onDevice(
  {
    name: "alloc_ims",
    usage: "DEVICE [COUNT]",
    summary: "pci_ims_alloc_irq(): IMS vectors on the device's IMS store",
    args: ["device-ims", "count"],
    min: 1,
    max: 2,
  },
  (device, [n]) => {
    const count = readCountOrOne(n, "a count");
    return count.ok ? step({ op: "alloc_ims", device, count: count.value }, "first-irq") : count;
  },
);

const freeVectors = onDevice(
  {
    name: "free_vectors",
    usage: "DEVICE",
    summary: "pci_free_irq_vectors(): every vector of the device",
    args: ["device"],
    min: 1,
    max: 1,
  },
  (device) => step({ op: "free_vectors", device }, { kind: "device", name: device }),
);

/** The handler name the inspector gives: `nic0-msix0`. */
function handlerName(item: IrqItem | undefined, irq: number): string {
  return item ? `${item.device}-${item.store}${item.slot}` : `irq${irq}`;
}

const request = onIrq(
  {
    name: "request",
    usage: "IRQ [NAME] [shared]",
    summary: "request_irq(): start the irq with a handler (NAME as /proc/interrupts shows it)",
    args: ["irq-unrequested", "text", "text"],
    min: 1,
    max: 3,
  },
  (irq, rest, item) => {
    const shared = rest.some((t) => t.toLowerCase() === "shared");
    const name = rest.find((t) => t.toLowerCase() !== "shared") ?? handlerName(item, irq);
    return step({ op: "request_irq", irq, name, ...(shared ? { shared } : {}) }, selectIrq(irq));
  },
);

const free = onIrq(
  {
    name: "free",
    usage: "IRQ",
    summary: "free_irq(): remove the irq's handler (shut it down when it was the last)",
    args: ["irq-requested"],
    min: 1,
    max: 1,
  },
  (irq) => step({ op: "free_irq", irq }, selectIrq(irq)),
);

const affinity = onIrq(
  {
    name: "affinity",
    usage: "IRQ CPULIST",
    summary: "write /proc/irq/IRQ/smp_affinity_list (CPULIST: 3, 0-3, 1,5, all)",
    args: ["irq", "cpulist"],
    min: 2,
    max: 2,
  },
  (irq, [list], _item, ctx) => {
    const cpus = readCpuList(list ?? "", ctx);
    return cpus.ok ? step({ op: "set_affinity", irq, cpus: cpus.value }, selectIrq(irq)) : cpus;
  },
);

const raise = onIrq(
  {
    name: "raise",
    usage: "IRQ [TIMES]",
    summary: "the device writes its message: follow it through IR to a CPU and vector",
    args: ["irq", "count"],
    min: 1,
    max: 2,
  },
  (irq, [n]) => {
    const times = readCountOrOne(n, "how many times");
    return times.ok ? step({ op: "raise", irq, times: times.value }, selectIrq(irq)) : times;
  },
);

function hotplug(name: "offline" | "online"): CommandSpec {
  return {
    name,
    usage: "CPU",
    summary: `echo ${name === "offline" ? 0 : 1} > /sys/devices/system/cpu/cpuN/online`,
    args: [name === "offline" ? "cpu-online" : "cpu-offline"],
    min: 1,
    max: 1,
    parse(args, ctx): ParseResult {
      const cpu = readCpu(args[0] ?? "", ctx);
      if (!cpu.ok) return cpu;
      return step({ op: name === "offline" ? "cpu_offline" : "cpu_online", cpu: cpu.value });
    },
  };
}

const unplug: CommandSpec = {
  name: "unplug",
  usage: "DEVICE",
  summary: "surprise removal: handlers freed, vectors released, the device gone",
  args: ["device"],
  min: 1,
  max: 1,
  parse(args, ctx) {
    const device = readDevice(args[0] ?? "", ctx);
    if (!device.ok) return device;
    return step({ op: "device_remove", device: device.value }, "none");
  },
};

const tick: CommandSpec = {
  name: "tick",
  usage: "[JIFFIES]",
  summary: "advance the clock (cleanup timers run)",
  args: ["count"],
  min: 0,
  max: 1,
  parse(args) {
    const j = readCountOrOne(args[0], "jiffies");
    if (!j.ok) return j;
    return step({ op: "tick", jiffies: j.value });
  },
};

export const STEP_COMMANDS: readonly CommandSpec[] = [
  affinity,
  request,
  free,
  raise,
  hotplug("offline"),
  hotplug("online"),
  alloc,
  deviceIndex("alloc_at", "alloc_at", "pci_msix_alloc_irq_at(): one more MSI-X vector (dynamic MSI-X)", [
    "device-msix",
    "index",
  ]),
  deviceIndex("free_at", "free_at", "pci_msix_free_irq(): free one dynamic MSI-X vector", ["device-msix", "index"]),
  allocIms,
  deviceIndex("free_ims", "free_ims", "pci_ims_free_irq(): free one IMS slot", ["device-ims", "index"]),
  freeVectors,
  addCommand,
  unplug,
  tick,
];

export type { CommandContext };
