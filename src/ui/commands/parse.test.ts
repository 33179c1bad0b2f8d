import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { moduleOf } from "../../devices/registry";
import { DEFAULT_PRESET, PRESETS } from "../../scenario/presets";
import { Simulator } from "../../sim/simulator";
import { machineView } from "../../sim/views";
import { type CommandContext, commandContext } from "./context";
import { MODELS } from "./device-catalog";
import { COMMANDS, parseCommand } from "./parse";

/** The default preset as the palette sees it: 8 CPUs, nic0's first vector is irq 29 (requested), nvme0 25–28. */
function context(): CommandContext {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return commandContext(machineView(r.sim), 11, PRESETS);
}
const ctx = context();

const action = (text: string) => {
  const r = parseCommand(text, ctx);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.action;
};
const error = (text: string) => {
  const r = parseCommand(text, ctx);
  if (r.ok) throw new Error(`${text} parsed: ${JSON.stringify(r.action)}`);
  return r.error;
};

describe("palette commands map to the steps the inspectors send", () => {
  it.each([
    ["affinity 29 0-3", { op: "set_affinity", irq: 29, cpus: "0-3" }, { kind: "irq", irq: 29 }],
    ["request 30", { op: "request_irq", irq: 30, name: "nic0-msix1" }, { kind: "irq", irq: 30 }],
    ["request 30 rx1 shared", { op: "request_irq", irq: 30, name: "rx1", shared: true }, { kind: "irq", irq: 30 }],
    ["free 29", { op: "free_irq", irq: 29 }, { kind: "irq", irq: 29 }],
    ["raise 29", { op: "raise", irq: 29, times: 1 }, { kind: "irq", irq: 29 }],
    ["raise irq29 5", { op: "raise", irq: 29, times: 5 }, { kind: "irq", irq: 29 }],
    ["alloc_at nic0 any", { op: "alloc_at", device: "nic0", index: "any" }, "first-irq"],
    ["alloc_at nic0 7", { op: "alloc_at", device: "nic0", index: 7 }, "first-irq"],
    ["free_at nic0 1", { op: "free_at", device: "nic0", index: 1 }, undefined],
    ["alloc_ims dsa0 2", { op: "alloc_ims", device: "dsa0", count: 2 }, "first-irq"],
    ["alloc_ims dsa0", { op: "alloc_ims", device: "dsa0", count: 1 }, "first-irq"],
    ["free_ims dsa0 0", { op: "free_ims", device: "dsa0", index: 0 }, undefined],
    ["free_vectors ahci0", { op: "free_vectors", device: "ahci0" }, { kind: "device", name: "ahci0" }],
    ["unplug nic0", { op: "device_remove", device: "nic0" }, "none"],
    ["tick", { op: "tick", jiffies: 1 }, undefined],
    ["tick 250", { op: "tick", jiffies: 250 }, undefined],
    ["offline 2", { op: "cpu_offline", cpu: 2 }, undefined],
    ["online 2", { op: "cpu_online", cpu: 2 }, undefined],
    ["  OFFLINE   cpu3 ", { op: "cpu_offline", cpu: 3 }, undefined],
  ])("%s", (text, step, select) => {
    expect(action(text)).toEqual({ kind: "step", step, ...(select === undefined ? {} : { select }) });
  });

  it("alloc: a count is exact (min = max), a range is min-max; managed; a list of types", () => {
    expect(action("alloc nic0 msix 4 managed")).toEqual({
      kind: "step",
      step: { op: "alloc", device: "nic0", type: "msix", min: 4, max: 4, affinity: "managed" },
      select: "first-irq",
    });
    expect(action("alloc ahci0 msix,msi 1-4")).toMatchObject({
      step: { type: ["msix", "msi"], min: 1, max: 4, affinity: "none" },
    });
    expect(action("alloc nvme0 msi")).toMatchObject({ step: { type: "msi", min: 1, max: 1 } });
  });

  it("add: a model by its name, or a kind standing in for one with its usual options; BDF given or the first free one", () => {
    expect(action("add nvme nvme1 05:00.0")).toEqual({
      kind: "step",
      step: { op: "device_add", device: { model: "nvme", name: "nvme1", bdf: "05:00.0" } },
      select: { kind: "device", name: "nvme1" },
    });
    expect(action("add ahci sata1")).toMatchObject({ step: { device: { model: "pci-msi", vectors: 4 } } });
    expect(action("add dsa dsa1")).toMatchObject({ step: { device: { model: "idxd", name: "dsa1" } } });
    expect(action("add pci-msi wifi0 vectors=2 maskable=off")).toMatchObject({
      step: { device: { model: "pci-msi", name: "wifi0", vectors: 2, maskable: false, bdf: "0000:01:00.0" } },
    });
    expect(action("add ims-dev dsa1 6b:00.0 ims_kind=system ims_size=0")).toMatchObject({
      step: { device: { model: "ims-dev", bdf: "6b:00.0", ims_kind: "system", ims_size: 0 } },
    });
    expect(action("add serial com2 gsi=3")).toMatchObject({ step: { device: { model: "serial", gsi: 3 } } });
    expect(action("add rtc rtc0")).toMatchObject({ step: { device: { model: "rtc", name: "rtc0" } } });
  });

  it("session commands", () => {
    expect(action("undo")).toEqual({ kind: "undo" });
    expect(action("redo")).toEqual({ kind: "redo" });
    expect(action("step back")).toEqual({ kind: "undo" });
    expect(action("step forward")).toEqual({ kind: "redo" });
    expect(action("goto 5")).toEqual({ kind: "goto", n: 5 });
    expect(action("goto 0")).toEqual({ kind: "goto", n: 0 });
    expect(action("preset laptop")).toEqual({ kind: "preset", id: "laptop" });
    expect(action("machine cpus 4")).toEqual({ kind: "machine", knobs: { cpus: 4 } });
    expect(action("machine kernel 6.1 ir off")).toEqual({ kind: "machine", knobs: { kernel: "6.1", ir: "off" } });
    expect(action("machine scheme old x2apic on")).toEqual({ kind: "machine", knobs: { scheme: "old", x2apic: true } });
    expect(action("inspect 29")).toEqual({ kind: "inspect", select: { kind: "irq", irq: 29 } });
    expect(action("inspect nic0")).toEqual({ kind: "inspect", select: { kind: "device", name: "nic0" } });
    expect(action("help")).toEqual({ kind: "help" });
  });

  it("every command in the table has a test above (a new command needs one)", () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(
      [
        "add",
        "affinity",
        "alloc",
        "alloc_at",
        "alloc_ims",
        "free",
        "free_at",
        "free_ims",
        "free_vectors",
        "goto",
        "help",
        "inspect",
        "machine",
        "offline",
        "online",
        "preset",
        "raise",
        "redo",
        "request",
        "step",
        "tick",
        "undo",
        "unplug",
      ].sort(),
    );
  });
});

describe("bad input is refused before anything runs, with a message", () => {
  it.each([
    ["", "type a command (help lists them all)"],
    ["afinity 29 3", '"afinity" is not a command (did you mean "affinity"?)'],
    ["frobnicate", '"frobnicate" is not a command (help lists them all)'],
    ["affinity 29", "usage: affinity IRQ CPULIST"],
    ["offline", "usage: offline CPU"],
    ["undo now", "usage: undo"],
    ["affinity x 3", '"x" is not a number (an irq number)'],
    ["affinity 99 3", "no irq 99 with a message store on this machine (irqs: 0, 1, 3, 4, 5, 6, 7, 8, …)"],
    ["affinity 29 0-x", '"0-x" is not a CPU list: "0-x" is not a list element (expected N, N-M or N-M:used/group)'],
    ["affinity 29 9", "CPU 9 is beyond the last one (7)"],
    ["offline 8", "CPU 8 is beyond the last one (7)"],
    ["online two", '"two" is not a number (a CPU number)'],
    ["raise 29 0", "times: expected an integer from 1 to 1000000, got 0"],
    ["alloc nic9 msix", 'no device named "nic9" (did you mean "nic0"?)'],
    ["alloc gpu msix", 'no device named "gpu" (devices: nvme0, nic0, ahci0, dsa0, serial0, sci, hpet0)'],
    ["alloc nic0 msx", '"msx" is not an allocation type (did you mean "msix" or "msi"?)'],
    ["alloc nic0 msix four", '"four" is not a count (N, or MIN-MAX); or "managed"'],
    ["alloc nic0 msix 4-2", "max: 2 is less than min (4)"],
    ["alloc_at nic0 x", '"x" is not a number (an index, or "any")'],
    [
      "add gpu gpu0",
      '"gpu" is not a device kind (ahci, dsa, pci-msi, pci-msix, ims-dev, serial, rtc, acpi-sci, i8042, hpet, nvme, idxd, ntb-switchtec, ath11k, nic, e1000e, virtio-net, virtio-blk, virtio-rng)',
    ],
    ["add nvme nvme0", 'device.name: "nvme0" is already used by a device of this machine'],
    ["add nvme nvme1 02:00.0", 'device.bdf: 0000:02:00.0 is already used by "nvme0"'],
    ["add nvme nvme1 zz", 'device.bdf: "zz" is not a PCI address (DDDD:BB:DD.F or BB:DD.F, in hex)'],
    ["add nvme nvme1 max_ioqpair=4", '"max_ioqpair" is not an option of nvme (did you mean "max_ioqpairs"?)'],
    ["add nvme nvme1 max_ioqpairs=4096", "device.max_ioqpairs: expected an integer from 1 to 2047, got 4096"],
    ["add pci-msix m1 table_size=4096", "device.table_size: expected an integer from 1 to 2048, got 4096"],
    ["add pci-msi m1 vectors=3", "device.vectors: 3 is not a power of two (MSI allows 1, 2, 4, 8, 16 or 32 vectors)"],
    ["add serial com2 3", '"3": options are written key=value (gsi)'],
    [
      "add nvme -bad",
      'device.name: "-bad" is not a device name (1 to 32 letters, digits, "_", "-" or ".", starting with a letter or digit)',
    ],
    ["step sideways", '"sideways" is not a direction (back, forward)'],
    ["goto 12", "step 12 is beyond the last one (11)"],
    ["preset lapotp", '"lapotp" is not a preset (did you mean "laptop"?)'],
    ["machine cpus", "usage: machine KNOB VALUE [KNOB VALUE …]"],
    ["machine cpus 0", "cpus: expected an integer from 1 to 512, got 0"],
    ["machine cpus 600", "cpus: expected an integer from 1 to 512, got 600"],
    ["machine kernel 6.16", '"6.16" is not a kernel release the model knows (did you mean "6.1", "6.6" or "6.12"?)'],
    ["machine ir maybe", '"maybe" is not on or off (on, off)'],
    ["machine cpu 4", '"cpu" is not a machine knob (did you mean "cpus"?)'],
    ["inspect nothing", 'no device named "nothing" (devices: nvme0, nic0, ahci0, dsa0, serial0, sci, hpet0)'],
  ])("%j", (text, message) => {
    expect(error(text)).toBe(message);
  });

  it("an irq beyond the listed ones is left to the worker when the view lists only some", () => {
    const partial: CommandContext = { ...ctx, allIrqsListed: false };
    expect(parseCommand("raise 9000", partial)).toMatchObject({ ok: true, action: { step: { irq: 9000 } } });
  });
});

describe("the device catalog", () => {
  it("offers exactly the options the scenario schema has for each model, with the schema's defaults", () => {
    for (const m of MODELS) {
      const entries = moduleOf(m.model)?.schema.entries ?? {};
      // A number without a default (nic `channels`) is the driver's to choose: the form does not offer it.
      const keys = Object.keys(entries).filter(
        (k) =>
          !["model", "name", "bdf"].includes(k) &&
          v.getDefault(entries[k] as v.OptionalSchema<v.GenericSchema, unknown>) !== undefined,
      );
      expect(
        m.options.map((o) => o.key),
        m.model,
      ).toEqual(keys);
      for (const o of m.options) {
        const entry = entries[o.key] as v.OptionalSchema<v.GenericSchema, unknown>;
        expect(o.def, `${m.model}.${o.key}`).toEqual(v.getDefault(entry));
      }
    }
  });
});
