import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parseScenario, scenarioProblems } from "./parse";
import { type DeviceOf, expectationOf, irqRefOf, type Scenario, type StepOf } from "./schema";

/** The shared spec's example, with v1 device models in place of the named devices. */
const SPEC_EXAMPLE = `{
  "format": "irqscope-scenario",
  "version": 1,
  "title": "NVMe-like queues and a CPU going offline",
  "machine": {
    "cpus": 8,
    "offline": "6-7",
    "kernel": "6.12",
    "platform": "bare-metal",
    "ir": "on",
    "scheme": "new",
    "hypervisor_grants_new_scheme": true,
    "devices": [
      { "name": "nvme0", "model": "pci-msix", "bdf": "0000:02:00.0", "table_size": 9 },
      { "name": "dsa0",  "model": "ims-dev", "bdf": "0000:6a:01.0", "table_size": 9, "ims_size": 512 },
      { "name": "com1",  "model": "serial", "gsi": 4 }
    ]
  },
  "steps": [
    { "op": "alloc", "device": "nvme0", "type": "msix", "min": 1, "max": 9, "affinity": "managed" },
    { "op": "request_irq", "device": "nvme0", "index": 0 },
    { "op": "set_affinity", "device": "nvme0", "index": 0, "cpus": "2-3" },
    { "op": "cpu_offline", "cpu": 3 },
    { "op": "raise", "device": "nvme0", "index": 0 },
    { "op": "expect", "device": "nvme0", "index": 0, "effective_cpu": 2 }
  ]
}`;

function parsed(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(`expected a valid scenario, got: ${r.error}`);
  return r.scenario;
}

type Json = Record<string, unknown>;
/** A small valid file to break one field of at a time. */
function base(): { format: string; version: number; machine: Json & { devices: Json[] }; steps: Json[] } {
  return {
    format: "irqscope-scenario",
    version: 1,
    machine: {
      cpus: 4,
      devices: [
        { name: "net0", model: "pci-msix", bdf: "0000:00:03.0" },
        { name: "com1", model: "serial" },
        { name: "dsa0", model: "ims-dev", bdf: "0000:6a:01.0" },
      ],
    },
    steps: [
      { op: "alloc", device: "net0", type: "msix", max: 4 },
      { op: "request_irq", device: "net0", index: 0 },
      { op: "set_affinity", device: "net0", index: 0, cpus: "1-2" },
      { op: "cpu_offline", cpu: 1 },
      { op: "raise", device: "net0", index: 0 },
    ],
  };
}

describe("parseScenario: valid files", () => {
  it("accepts the spec's example (v1 devices) and keeps what it says", () => {
    const s = parsed(SPEC_EXAMPLE);
    expect(s.title).toBe("NVMe-like queues and a CPU going offline");
    expect(s.machine).toMatchObject({ cpus: 8, offline: "6-7", kernel: "6.12", platform: "bare-metal", x2apic: false });
    expect(s.machine.devices.map((d) => d.name)).toEqual(["nvme0", "dsa0", "com1"]);
    expect(s.machine.devices[1]).toEqual({
      model: "ims-dev",
      name: "dsa0",
      bdf: "0000:6a:01.0",
      table_size: 9,
      ims_size: 512,
      ims_kind: "device",
    });
    expect(s.steps).toHaveLength(6);
    expect(s.steps[0]).toEqual({
      op: "alloc",
      device: "nvme0",
      type: "msix",
      min: 1,
      max: 9,
      affinity: "managed",
    });
    const last = s.steps[5];
    expect(last && irqRefOf(last)).toEqual({ device: "nvme0", index: 0 });
    expect(last && expectationOf(last)).toEqual({ effective_cpu: 2 });
  });

  it("accepts the complete example of docs/scenario-format.md", () => {
    const doc = readFileSync(new URL("../../docs/scenario-format.md", import.meta.url), "utf8");
    const example = doc.split("## Complete example")[1]?.split("```json")[1]?.split("```")[0] ?? "";
    const s = parsed(example);
    expect(s.machine.devices).toHaveLength(7);
    expect(s.steps.map((step) => step.op)).toContain("device_remove");
  });

  it("applies every default", () => {
    const s = parsed({
      format: "irqscope-scenario",
      version: 1,
      machine: {
        cpus: 2,
        devices: [
          { name: "m", model: "pci-msi", bdf: "00:01.0" },
          { name: "x", model: "pci-msix", bdf: "00:02.0" },
          { name: "i", model: "ims-dev", bdf: "00:03.0" },
          { name: "s", model: "serial" },
          { name: "r", model: "rtc" },
          { name: "a", model: "acpi-sci" },
          { name: "h", model: "hpet" },
        ],
      },
      steps: [
        { op: "alloc", device: "m", type: ["msi", "intx"] },
        { op: "alloc", device: "x", type: "msix", min: 3 },
        { op: "alloc_ims", device: "i" },
        { op: "raise", irq: 24 },
        { op: "tick" },
      ],
    });
    expect(s.machine).toEqual({
      cpus: 2,
      offline: "",
      kernel: "6.12",
      platform: "bare-metal",
      board: "generic",
      ir: "on",
      scheme: "new",
      hypervisor_grants_new_scheme: true,
      x2apic: false,
      // a distribution kernel (Debian) unless the file says otherwise
      kconfig: { KVM: true, GENERIC_IRQ_DEBUGFS: false, X86_POSTED_MSI: false },
      devices: [
        { model: "pci-msi", name: "m", bdf: "0000:00:01.0", vectors: 1, maskable: true, addr64: true },
        { model: "pci-msix", name: "x", bdf: "0000:00:02.0", table_size: 8 },
        { model: "ims-dev", name: "i", bdf: "0000:00:03.0", table_size: 8, ims_size: 256, ims_kind: "device" },
        { model: "serial", name: "s", gsi: 4 },
        { model: "rtc", name: "r", gsi: 8 },
        { model: "acpi-sci", name: "a", gsi: 9 },
        { model: "hpet", name: "h", timers: 8 },
      ],
    });
    expect(s.steps).toEqual([
      { op: "alloc", device: "m", type: ["msi", "intx"], min: 1, max: 1, affinity: "none" },
      { op: "alloc", device: "x", type: "msix", min: 3, max: 3, affinity: "none" },
      { op: "alloc_ims", device: "i", count: 1 },
      { op: "raise", irq: 24, times: 1 },
      { op: "tick", jiffies: 1 },
    ]);
    expect(parsed({ format: "irqscope-scenario", version: 1, machine: { cpus: 1 } }).steps).toEqual([]);
  });

  it("normalises BDFs and hex expectations, and reads a parsed value or a text with a BOM", () => {
    const file = base();
    file.machine.devices[0] = { name: "net0", model: "pci-msix", bdf: "0A:1F.7" };
    file.steps.push({ op: "expect", device: "net0", index: 0, address: "0xFEE00000", data: "0x4021", vector: 33 });
    file.steps.push({ op: "cpu_online", cpu: 1, expect: { ok: true, count: 0 } });
    const s = parsed(`\uFEFF${JSON.stringify(file)}`);
    expect(s.machine.devices[0]).toMatchObject({ bdf: "0000:0a:1f.7" });
    expect(s.steps[5]).toMatchObject({ address: 0xfee00000, data: 0x4021, vector: 33 });
    expect(s.steps[6]).toMatchObject({ expect: { ok: true, count: 0 } });
    expect(parsed(file).machine.devices[0]).toMatchObject({ bdf: "0000:0a:1f.7" });
  });

  it("follows hot-plug: device_add names a device for later steps, device_remove frees its name and BDF", () => {
    const file = base();
    file.steps.push(
      { op: "device_add", device: { name: "hot0", model: "pci-msi", bdf: "0000:05:00.0", vectors: 4 } },
      { op: "alloc", device: "hot0", type: "msi", min: 4 },
      { op: "device_remove", device: "hot0" },
      { op: "free_vectors", device: "hot0", expect: { errno: "ENODEV" } },
      { op: "device_add", device: { name: "hot0", model: "pci-msix", bdf: "05:00.0" } },
    );
    expect(parsed(file).steps).toHaveLength(10);
  });

  it("lets acpi-sci lines share a GSI, and a system IMS store have no fixed size", () => {
    const file = base();
    file.machine.devices.push(
      { name: "sci0", model: "acpi-sci", gsi: 9 },
      { name: "sci1", model: "acpi-sci", gsi: 9 },
      { name: "q0", model: "ims-dev", bdf: "00:07.0", ims_size: 0, ims_kind: "system" },
    );
    expect(parsed(file).machine.devices).toHaveLength(6);
  });

  it("takes every op of v1", () => {
    const file = base();
    file.steps = [
      { op: "alloc", device: "net0", type: "msix", min: 2, max: 8, affinity: "managed" },
      { op: "alloc_at", device: "net0", index: "any" },
      { op: "alloc_at", device: "net0", index: 7, expect: { ok: false, errno: "EBUSY" } },
      { op: "free_at", device: "net0", index: 7 },
      { op: "alloc_ims", device: "dsa0", count: 4, pasid: 3 },
      { op: "free_ims", device: "dsa0", index: 2 },
      { op: "request_irq", irq: 24, name: "eth0-rx", shared: false },
      { op: "set_affinity", device: "dsa0", index: 0, store: "ims", cpus: "0,2-3" },
      { op: "raise", irq: 24, times: 3, expect: { delivered: true, count: 3 } },
      { op: "free_irq", irq: 24, name: "eth0-rx" },
      { op: "free_vectors", device: "net0", store: "msix" },
      { op: "cpu_offline", cpu: 3 },
      { op: "cpu_online", cpu: 3, note: "back again" },
      { op: "tick", jiffies: 250 },
      { op: "expect", irq: 24, ok: true, silent: false, irte: 5, effective_cpu: 0 },
    ];
    expect(parsed(file).steps.map((s) => s.op)).toHaveLength(15);
  });
});

/** [what is wrong, how to break base() (or the file text), the one message]. */
const INVALID: [string, ((f: ReturnType<typeof base>) => void) | string, string][] = [
  [
    "JSON syntax error",
    '{\n  "format": "irqscope-scenario",\n  "version": 1,\n  "machine": { "cpus": 4 } x\n}',
    'line 4, column 28: expected "," or "}" after a property value, got x',
  ],
  [
    "JSON trailing comma",
    '{\n  "format": "irqscope-scenario",\n  "version": 1,\n}',
    'line 3, column 15: a "," before "}" (JSON allows no trailing comma)',
  ],
  [
    "JSON unclosed string",
    '{\n  "format": "irqscope-scenario\n}',
    "line 2, column 31: the string is not closed at the end of the line (missing closing quote?)",
  ],
  ["JSON single quotes", "{ 'format': 1 }", "line 1, column 3: property names take double quotes, not single quotes"],
  ["JSON empty", "  \n", "line 2, column 1: the file is empty"],
  ["not an object", "[1, 2]", "expected a JSON object (an irqscope scenario), got an array"],
  [
    "wrong format",
    (f) => {
      f.format = "irqscope-trace";
    },
    'format: expected "irqscope-scenario", got "irqscope-trace"',
  ],
  [
    "missing format",
    (f) => {
      delete (f as Json).format;
    },
    "format: missing required field",
  ],
  [
    "version 2",
    (f) => {
      f.version = 2;
      (f as Json).future = true;
    },
    "version: 2 is newer than this irqscope understands (1)",
  ],
  [
    "version as a string",
    (f) => {
      (f as Json).version = "1";
    },
    'version: expected 1, got "1"',
  ],
  [
    "cpus 0",
    (f) => {
      f.machine.cpus = 0;
    },
    "machine.cpus: expected an integer from 1 to 512, got 0",
  ],
  [
    "cpus as a string",
    (f) => {
      f.machine.cpus = "8";
    },
    'machine.cpus: expected an integer from 1 to 512, got "8"',
  ],
  [
    "missing cpus",
    (f) => {
      delete f.machine.cpus;
    },
    "machine.cpus: missing required field",
  ],
  [
    "bad offline list",
    (f) => {
      f.machine.offline = "1-";
    },
    'machine.offline: "1-" is not a CPU list',
  ],
  [
    "offline CPU 0",
    (f) => {
      f.machine.offline = "0,3";
    },
    "machine.offline: CPU 0 must stay online",
  ],
  [
    "offline beyond cpus",
    (f) => {
      f.machine.offline = "2-5";
    },
    "machine.offline: CPU 5 is beyond the last one (3)",
  ],
  [
    "unknown kernel",
    (f) => {
      f.machine.kernel = "6.11";
    },
    'machine.kernel: expected "6.1", "6.6" or "6.12", got "6.11" (did you mean "6.1" or "6.12"?)',
  ],
  [
    "bad ir",
    (f) => {
      f.machine.ir = "yes";
    },
    'machine.ir: expected "on" or "off", got "yes"',
  ],
  [
    "x2apic as a string",
    (f) => {
      f.machine.x2apic = "on";
    },
    'machine.x2apic: expected true or false, got "on"',
  ],
  [
    "unknown machine field",
    (f) => {
      f.machine.iommu = "on";
    },
    "machine.iommu: unknown field",
  ],
  [
    "idxd IMS not a multiple of 256",
    (f) => {
      f.machine.devices[2] = { name: "dsa0", model: "idxd", bdf: "0000:02:00.0", ims: 100 };
    },
    "machine.devices[2].ims: 100 is not a multiple of 256 (max_ims_mult × 256 entries, or 0)",
  ],
  [
    "unknown model",
    (f) => {
      f.machine.devices[1] = { name: "x", model: "pci-msx", bdf: "00:04.0" };
    },
    'machine.devices[1].model: "pci-msx" is not a device model (did you mean "pci-msi" or "pci-msix"?) (v1 models: pci-msi, pci-msix, ims-dev, serial, rtc, acpi-sci, i8042, hpet, nvme, idxd, ntb-switchtec, ath11k, nic, e1000e, virtio-net, virtio-blk, virtio-rng)',
  ],
  [
    "missing model",
    (f) => {
      f.machine.devices[1] = { name: "x" };
    },
    "machine.devices[1].model: missing required field (v1 models: pci-msi, pci-msix, ims-dev, serial, rtc, acpi-sci, i8042, hpet, nvme, idxd, ntb-switchtec, ath11k, nic, e1000e, virtio-net, virtio-blk, virtio-rng)",
  ],
  [
    "duplicate name",
    (f) => {
      f.machine.devices.push({ name: "com1", model: "rtc" });
    },
    'machine.devices[3].name: "com1" is already used by machine.devices[1]',
  ],
  [
    "duplicate BDF",
    (f) => {
      f.machine.devices.push({ name: "net1", model: "pci-msi", bdf: "00:03.0" });
    },
    'machine.devices[3].bdf: 0000:00:03.0 is already used by "net0"',
  ],
  [
    "bad BDF",
    (f) => {
      f.machine.devices[0] = { name: "net0", model: "pci-msix", bdf: "0:3.0" };
    },
    'machine.devices[0].bdf: "0:3.0" is not a PCI address (DDDD:BB:DD.F or BB:DD.F, in hex)',
  ],
  [
    "BDF device 0x20",
    (f) => {
      f.machine.devices[0] = { name: "net0", model: "pci-msix", bdf: "0000:00:20.0" };
    },
    'machine.devices[0].bdf: "0000:00:20.0": device 20 is beyond 1f',
  ],
  [
    "BDF function 8",
    (f) => {
      f.machine.devices[0] = { name: "net0", model: "pci-msix", bdf: "00:03.8" };
    },
    'machine.devices[0].bdf: "00:03.8": function 8 is beyond 7',
  ],
  [
    "vectors 3",
    (f) => {
      f.machine.devices.push({ name: "m", model: "pci-msi", bdf: "00:04.0", vectors: 3 });
    },
    "machine.devices[3].vectors: 3 is not a power of two (MSI allows 1, 2, 4, 8, 16 or 32 vectors)",
  ],
  [
    "vectors 64",
    (f) => {
      f.machine.devices.push({ name: "m", model: "pci-msi", bdf: "00:04.0", vectors: 64 });
    },
    "machine.devices[3].vectors: expected an integer from 1 to 32, got 64",
  ],
  [
    "table_size 4096",
    (f) => {
      f.machine.devices[0] = { name: "net0", model: "pci-msix", bdf: "00:03.0", table_size: 4096 };
    },
    "machine.devices[0].table_size: expected an integer from 1 to 2048, got 4096",
  ],
  [
    "ims_size 0 on a device store",
    (f) => {
      f.machine.devices[2] = { name: "dsa0", model: "ims-dev", bdf: "6a:01.0", ims_size: 0 };
    },
    'machine.devices[2].ims_size: 0 is allowed only with "ims_kind": "system" (a device-memory IMS array has at least one slot)',
  ],
  [
    "gsi beyond the IO-APIC",
    (f) => {
      f.machine.devices[1] = { name: "com1", model: "serial", gsi: 24 };
    },
    "machine.devices[1].gsi: expected an integer from 0 to 23, got 24",
  ],
  [
    "two serial ports on GSI 4",
    (f) => {
      f.machine.devices.push({ name: "com2", model: "serial" });
    },
    'machine.devices[3].gsi: GSI 4 is already used by "com1" (only acpi-sci and i8042 lines are shareable)',
  ],
  [
    "acpi-sci on the rtc line",
    (f) => {
      f.machine.devices.push({ name: "rtc0", model: "rtc" }, { name: "sci", model: "acpi-sci", gsi: 8 });
    },
    'machine.devices[4].gsi: GSI 8 is already used by "rtc0" (only acpi-sci and i8042 lines are shareable)',
  ],
  [
    "unknown field on a legacy device",
    (f) => {
      f.machine.devices[1] = { name: "com1", model: "serial", bdf: "00:1f.0" };
    },
    "machine.devices[1].bdf: unknown field",
  ],
  [
    "hpet timers 2",
    (f) => {
      f.machine.devices.push({ name: "hpet0", model: "hpet", timers: 2 });
    },
    "machine.devices[3].timers: expected an integer from 3 to 32, got 2",
  ],
  [
    "bad device name",
    (f) => {
      f.machine.devices[1] = { name: "com 1", model: "serial" };
    },
    'machine.devices[1].name: "com 1" is not a device name (1 to 32 letters, digits, "_", "-" or ".", starting with a letter or digit)',
  ],
  [
    "unknown op",
    (f) => {
      f.steps[2] = { op: "set_afinity", irq: 24, cpus: "1" };
    },
    'steps[2].op: "set_afinity" is not an op (did you mean "set_affinity"?)',
  ],
  [
    "missing op",
    (f) => {
      f.steps[0] = { device: "net0" };
    },
    "steps[0].op: missing required field",
  ],
  [
    "unknown field with hint",
    (f) => {
      f.steps[2] = { op: "set_affinity", device: "net0", index: 0, cpu: "1" };
    },
    'steps[2].cpu: unknown field (did you mean "cpus"?)',
  ],
  [
    "bad CPU list",
    (f) => {
      f.steps[3] = { op: "set_affinity", device: "net0", index: 0, cpus: "0-x" };
    },
    'steps[3].cpus: "0-x" is not a CPU list',
  ],
  [
    "affinity mask that is not hex",
    (f) => {
      f.steps[2] = { op: "set_affinity", device: "net0", index: 0, cpus: "0-3", file: "smp_affinity" };
    },
    'steps[2].cpus: "0-3" is not a hex CPU mask',
  ],
  [
    "offline CPU out of range",
    (f) => {
      f.steps[3] = { op: "cpu_offline", cpu: 4 };
    },
    "steps[3].cpu: CPU 4 is beyond the last one (3)",
  ],
  [
    "expected CPU out of range",
    (f) => {
      f.steps.push({ op: "expect", irq: 24, effective_cpu: 7 });
    },
    "steps[5].effective_cpu: CPU 7 is beyond the last one (3)",
  ],
  [
    "step on a nonexistent device",
    (f) => {
      f.steps[4] = { op: "raise", device: "nvme9", index: 0 };
    },
    'steps[4].device: no device named "nvme9"',
  ],
  [
    "device used before device_add",
    (f) => {
      f.steps.splice(
        0,
        0,
        { op: "alloc_ims", device: "hot0" },
        { op: "device_add", device: { name: "hot0", model: "ims-dev", bdf: "07:00.0" } },
      );
    },
    'steps[0].device: no device named "hot0"',
  ],
  [
    "device_remove of an unknown device",
    (f) => {
      f.steps.push({ op: "device_remove", device: "hot1" });
    },
    'steps[5].device: no device named "hot1"',
  ],
  [
    "device_add of a present name",
    (f) => {
      f.steps.push({ op: "device_add", device: { name: "net0", model: "pci-msix", bdf: "00:09.0" } });
    },
    'steps[5].device.name: "net0" is already used by machine.devices[0]',
  ],
  [
    "device_add with a bad spec",
    (f) => {
      f.steps.push({ op: "device_add", device: { name: "n1", model: "pci-msix", bdf: "00:09.0", table_size: 0 } });
    },
    "steps[5].device.table_size: expected an integer from 1 to 2048, got 0",
  ],
  [
    "missing device",
    (f) => {
      f.steps[0] = { op: "alloc", type: "msix" };
    },
    "steps[0].device: missing required field",
  ],
  [
    "bad errno name",
    (f) => {
      f.steps[3] = { op: "cpu_offline", cpu: 1, expect: { errno: "ENOSPACE" } };
    },
    'steps[3].expect.errno: "ENOSPACE" is not an errno name (did you mean "ENOSPC"?)',
  ],
  [
    "errno with ok: true",
    (f) => {
      f.steps[3] = { op: "cpu_offline", cpu: 1, expect: { ok: true, errno: "ENOSPC" } };
    },
    'steps[3].expect.errno: "ENOSPC" contradicts "ok": true',
  ],
  [
    "empty expect",
    (f) => {
      f.steps[3] = { op: "cpu_offline", cpu: 1, expect: {} };
    },
    "steps[3].expect: nothing to expect (give at least one of ok, errno, effective_cpu, vector, irte, address, data, delivered, silent, count, backed)",
  ],
  [
    "unknown expectation",
    (f) => {
      f.steps[3] = { op: "cpu_offline", cpu: 1, expect: { effective_cpus: 2 } };
    },
    'steps[3].expect.effective_cpus: unknown field (did you mean "effective_cpu"?)',
  ],
  [
    "data not hex",
    (f) => {
      f.steps.push({ op: "expect", irq: 24, data: "4021" });
    },
    'steps[5].data: expected a number or a "0x…" hex string, got "4021"',
  ],
  [
    "data beyond 32 bits",
    (f) => {
      f.steps.push({ op: "expect", irq: 24, data: "0x100000000" });
    },
    'steps[5].data: "0x100000000" is out of range (0 to 0xffffffff)',
  ],
  [
    "both irq and device",
    (f) => {
      f.steps[1] = { op: "request_irq", irq: 24, device: "net0", index: 0 };
    },
    'steps[1].device: name the interrupt by "irq" or by "device" + "index", not both',
  ],
  [
    "no interrupt named",
    (f) => {
      f.steps[4] = { op: "raise" };
    },
    'steps[4]: which interrupt? (give "irq", or "device" + "index")',
  ],
  [
    "device without index",
    (f) => {
      f.steps[4] = { op: "raise", device: "net0" };
    },
    'steps[4].index: missing required field (an interrupt is named by "device" + "index")',
  ],
  [
    "max below min",
    (f) => {
      f.steps[0] = { op: "alloc", device: "net0", type: "msix", min: 4, max: 2 };
    },
    "steps[0].max: 2 is less than min (4)",
  ],
  [
    "bad alloc type in a list",
    (f) => {
      f.steps[0] = { op: "alloc", device: "net0", type: ["msix", "legacy"] };
    },
    'steps[0].type[1]: expected "msix", "msi" or "intx", got "legacy"',
  ],
  [
    "alloc_at index",
    (f) => {
      f.steps.push({ op: "alloc_at", device: "net0", index: "next" });
    },
    'steps[5].index: expected an index from 0 to 2047 or "any", got "next"',
  ],
  [
    "steps not an array",
    (f) => {
      (f as Json).steps = { op: "tick" };
    },
    "steps: expected an array of steps, got an object",
  ],
  [
    "a step that is an array",
    (f) => {
      (f.steps as unknown[])[1] = ["tick"];
    },
    "steps[1]: expected an object, got an array",
  ],
];

describe("parseScenario: invalid files get one message", () => {
  it.each(INVALID)("%s", (_what, breakIt, message) => {
    let input: unknown = breakIt;
    if (typeof breakIt === "function") {
      const file = base();
      breakIt(file);
      input = JSON.stringify(file, null, 2);
    }
    expect(parseScenario(input)).toEqual({ ok: false, error: message });
  });

  it("has a table of at least 20 cases", () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(20);
  });

  it("reports the first problem in file order, whatever order the schema checks in", () => {
    const file = {
      steps: [{ op: "cpu_offline", cpu: 9 }],
      machine: { devices: [{ name: "a", model: "serial", gsi: 99 }], cpus: 8 },
      version: 1,
      format: "irqscope-scenario",
    };
    expect(scenarioProblems(file)).toEqual([
      "steps[0].cpu: CPU 9 is beyond the last one (7)",
      "machine.devices[0].gsi: expected an integer from 0 to 23, got 99",
    ]);
    // Within one object too: the misspelt key comes before the end of the object, where "device" is missed.
    expect(scenarioProblems({ ...base(), steps: [{ op: "alloc", devcie: "net0", type: "msix" }] })[0]).toBe(
      'steps[0].devcie: unknown field (did you mean "device"?)',
    );
  });

  it("reports format and version before anything else", () => {
    expect(parseScenario({ machine: { cpus: 0 }, format: "irqscope-scenario", version: 3 })).toEqual({
      ok: false,
      error: "version: 3 is newer than this irqscope understands (1)",
    });
  });

  it("does not blame steps for devices it could not read", () => {
    const file = base();
    (file as Json).machine = [];
    expect(scenarioProblems(file)).toEqual(["machine: expected an object, got an array"]);
  });
});

describe("parseScenario: JSON syntax errors read the same in every engine", () => {
  it.each([
    ['{"a": 01}', "line 1, column 7: a number cannot start with 0 (leading zero)"],
    ['{"a": -x}', 'line 1, column 8: expected a digit after "-", got x'],
    ['{"a": 1.}', 'line 1, column 9: expected a digit after ".", got "}"'],
    ['{"a": "\\q"}', 'line 1, column 8: bad escape "\\\\q" in a string'],
    [
      '{\n  // a comment\n  "a": 1\n}',
      "line 2, column 3: expected a property name in double quotes, got a comment (JSON has no comments)",
    ],
    ['{"a": tru}', "line 1, column 7: unexpected tru (expected a value)"],
    ['{"a": [1, 2,]}', 'line 1, column 12: a "," before "]" (JSON allows no trailing comma)'],
    ['{"a": [1 2]}', 'line 1, column 10: expected "," or "]" after an array element, got "2"'],
    ['{"a": 1} {}', 'line 1, column 10: unexpected "{" after the end of the JSON value'],
    ['{"a": {"b": 1}', "line 1, column 15: unexpected end of the file (an object is not closed)"],
    ["{cpus: 8}", "line 1, column 2: expected a property name in double quotes, got cpus"],
  ])("%s", (text, message) => {
    expect(parseScenario(text)).toEqual({ ok: false, error: message });
  });
});

describe("inferred types", () => {
  it("narrow on op and model, with defaults filled in", () => {
    expectTypeOf<StepOf<"alloc">["max"]>().toEqualTypeOf<number>();
    expectTypeOf<StepOf<"alloc_at">["index"]>().toEqualTypeOf<number | "any">();
    expectTypeOf<StepOf<"raise">["times"]>().toEqualTypeOf<number>();
    expectTypeOf<DeviceOf<"ims-dev">["ims_kind"]>().toEqualTypeOf<"device" | "system">();
    expectTypeOf<Scenario["machine"]["kernel"]>().toEqualTypeOf<"6.1" | "6.6" | "6.12">();
    expectTypeOf<NonNullable<StepOf<"expect">["data"]>>().toEqualTypeOf<number>();
  });
});

describe("parseScenario: the kernel's build options", () => {
  const file = (machine: object) => ({
    format: "irqscope-scenario",
    version: 1,
    machine: { cpus: 2, ...machine },
    steps: [],
  });
  it("takes Kconfig names and keeps the others at a distribution kernel's values", () => {
    const r = parseScenario(file({ kconfig: { GENERIC_IRQ_DEBUGFS: true } }));
    expect(r.ok && r.scenario.machine.kconfig).toEqual({ KVM: true, GENERIC_IRQ_DEBUGFS: true, X86_POSTED_MSI: false });
  });
  it("refuses X86_POSTED_MSI before 6.10 and an unknown option, naming the field", () => {
    const old = parseScenario(file({ kernel: "6.1", kconfig: { X86_POSTED_MSI: true } }));
    expect(old).toEqual({
      ok: false,
      error: "machine.kconfig.X86_POSTED_MSI: X86_POSTED_MSI exists from Linux 6.10 on, not in 6.1",
    });
    const unknown = parseScenario(file({ kconfig: { KVM_INTEL: true } }));
    expect(!unknown.ok && unknown.error).toMatch(/^machine\.kconfig\.KVM_INTEL: unknown field/);
  });
});
