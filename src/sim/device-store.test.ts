import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import { deviceStore } from "./device-store";
import { irqDetail } from "./irq-detail";
import { Simulator } from "./simulator";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

describe("deviceStore (the Stores tab)", () => {
  it("shows nic0's MSI-X entry 0 as the message irqDetail reads for its irq", () => {
    const p = boot(DEFAULT_PRESET.scenario).platform;
    const v = deviceStore(p, "nic0");
    expect(v.devices).toEqual(["nvme0", "nic0", "ahci0", "dsa0", "ioapic0", "hpet0"]);
    expect(v.stores.map((s) => s.kind)).toEqual(["msix"]);
    const table = v.stores[0];
    expect(table?.rows.length).toBe(64);
    expect(table?.pba).toEqual(["0x0000000000000000"]);
    const e0 = table?.rows[0];
    const msg = irqDetail(p, 29)?.message;
    expect(msg?.where).toBe("MSI-X table entry 0");
    expect(e0?.irq).toBe(29);
    expect(e0?.raw.slice(0, 3)).toEqual([msg?.addressLo, msg?.addressHi, msg?.data]);
    expect(e0?.raw[0]).toBe(0xfee00278);
    expect(e0).toMatchObject({ format: "remappable", decoded: "IRTE 19", masked: msg?.masked, pending: false });
    // Entries the driver never allocated stay at reset: masked, no message.
    expect(table?.rows[5]).toMatchObject({ raw: [0, 0, 0, 1], format: "empty", masked: true, irq: -1 });
  });

  it("shows a compat message without IR, the multi-MSI vectors, IMS entries, RTEs and HPET timers", () => {
    const noIr = boot({
      ...DEFAULT_PRESET.scenario,
      machine: { ...DEFAULT_PRESET.scenario.machine, ir: "off", devices: DEFAULT_PRESET.scenario.machine.devices },
      steps: [
        { op: "alloc", device: "nic0", type: "msix", min: 1, max: 1 },
        { op: "request_irq", device: "nic0", index: 0, name: "rx" },
      ],
    }).platform;
    const irq = deviceStore(noIr, "nic0").stores[0]?.rows[0]?.irq ?? -1;
    const t = irqDetail(noIr, irq)?.target;
    expect(deviceStore(noIr, "nic0").stores[0]?.rows[0]).toMatchObject({
      format: "compat",
      decoded: `APIC id ${t?.cpu} vector 0x${t?.vector.toString(16)}`,
    });

    const p = boot(DEFAULT_PRESET.scenario).platform;
    const msi = deviceStore(p, "ahci0").stores[0];
    expect(msi?.kind).toBe("msi");
    expect(msi?.rows.map((r) => [r.irq, r.decoded, r.masked])).toEqual([
      [31, "IRTE 24", false],
      [32, "IRTE 25", true],
      [33, "IRTE 26", true],
      [34, "IRTE 27", true],
    ]);
    for (const r of msi?.rows ?? [])
      expect(r.raw.slice(0, 3)).toEqual([
        irqDetail(p, r.irq)?.message?.addressLo,
        irqDetail(p, r.irq)?.message?.addressHi,
        irqDetail(p, r.irq)?.message?.data,
      ]);

    const dsa = deviceStore(p, "dsa0").stores;
    expect(dsa.map((s) => s.kind)).toEqual(["msix", "ims-device"]);
    expect(dsa[1]?.rows.slice(0, 2).map((r) => [r.irq, r.note])).toEqual([
      [36, "PASID 1"],
      [37, "PASID 1"],
    ]);

    const rtes = deviceStore(p, "ioapic0").stores[0];
    expect(rtes?.rows.length).toBe(24);
    const pin4 = rtes?.rows[4];
    const rte = irqDetail(p, 4)?.rte;
    expect(pin4).toMatchObject({
      irq: 4,
      raw: [rte?.hi, rte?.lo],
      format: "remappable",
      decoded: "IRTE 3",
      masked: false,
    });
    expect(pin4?.note).toContain("serial0");

    const hpet = deviceStore(p, "hpet0").stores[0];
    expect(hpet?.rows.length).toBe(8);
    expect(deviceStore(p, "nope")).toMatchObject({ device: "", stores: [] });
  });
});

describe("copies others hold (the Stores tab's held table)", () => {
  it("shows the NTB peer host's copy, stale from the move until the peer's doorbell work re-reads it", () => {
    const file = JSON.parse(readFileSync("public/scenarios/ntb-peer-stale-copy.json", "utf8"));
    // Up to the raise that completes the move: the message changed, the peer has not re-read it.
    const upToMove = file.steps.findIndex((s: { op: string }) => s.op === "tick");
    const r = Simulator.boot({ ...file, steps: file.steps.slice(0, upToMove) });
    if (!r.ok) throw new Error(r.error);
    const held = () => deviceStore(r.sim.platform, "ntb0").stores.find((t) => t.kind === "held");
    expect(held()?.title).toBe("Copies the NTB peer host holds and writes itself: 1, 1 stale");
    expect(held()?.rows[0]?.note).toMatch(/^STALE: the kernel's message is now APIC id 3 vector/);
    r.sim.apply({ op: "tick" });
    expect(held()?.rows[0]?.note).toBe("current");
    // A device nobody else writes for has no such table.
    const other = boot(DEFAULT_PRESET.scenario).platform;
    expect(deviceStore(other, "nic0").stores.map((t) => t.kind)).toEqual(["msix"]);
  });
});
