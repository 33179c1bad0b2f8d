/**
 * The seeds' device models as Linux shows them: each driver's allocation pattern, its irq names and
 * the /proc/interrupts rows they make, with and without interrupt remapping.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { showInterrupts } from "../kernel/irq/proc";
import { bootPlatform, type Platform } from "../kernel/platform";
import { DeviceSchema } from "../scenario/schema";

function boot(ir: boolean, device: Record<string, unknown>, cpus = 4): Platform {
  return bootPlatform({
    cpus,
    kernel: "6.12",
    legacyPic: true,
    ir,
    x2apic: false,
    scheme: "new",
    devices: [v.parse(DeviceSchema, device)],
  });
}

/** The /proc/interrupts rows of one chip: "<hwirq>-edge <names>". */
function rows(p: Platform, chip: string): string[] {
  return showInterrupts(p.machine.core)
    .split("\n")
    .filter((l) => l.includes(` ${chip} `))
    .map((l) =>
      l
        .slice(l.indexOf(chip) + chip.length)
        .trim()
        .replace(/\s+/g, " "),
    );
}

describe("idxd", () => {
  it("allocates all 9 MSI-X entries, requests idxd-misc and one idxd-portal per work queue", () => {
    const p = boot(true, { name: "dsa0", model: "idxd", bdf: "6a:01.0", wqs: 3 });
    const dev = p.pci.get("dsa0");
    expect(dev?.msi.slots[0].descs("associated").length).toBe(9);
    expect(rows(p, "IR-PCI-MSIX-0000:6a:01.0")).toEqual([
      "0-edge idxd-misc",
      "1-edge idxd-portal",
      "2-edge idxd-portal",
      "3-edge idxd-portal",
    ]);
    expect(dev?.ims?.slots).toBe(256);
  });
});

describe("ntb-switchtec", () => {
  it("takes nirqs vectors (hardware and virtual), the switchtec, doorbell and message irqs, one ntb_transport per queue pair", () => {
    const p = boot(true, { name: "ntb0", model: "ntb-switchtec", bdf: "03:00.1", nirqs: 8, qps: 2 });
    const descs = p.pci.get("ntb0")?.msi.slots[0].descs("associated") ?? [];
    expect(descs.length).toBe(8);
    expect(descs.filter((d) => d.pci?.isVirtual).map((d) => d.msiIndex)).toEqual([4, 5, 6, 7]);
    expect(rows(p, "IR-PCI-MSIX-0000:03:00.1")).toEqual([
      "0-edge switchtec",
      "1-edge switchtec_ntb_doorbell",
      "2-edge switchtec_ntb_message",
      "3-edge ntb_transport",
      "4-edge ntb_transport",
    ]);
    expect(p.drivers.get("ntb0")?.driver.irqOf?.("peer", 1)).toBe(descs[4]?.irq);
  });
});

describe("ath11k", () => {
  it("with IR: multi-MSI of all 32 vectors, MHI on 0-2, CE rings from 3, DP groups from 14", () => {
    const p = boot(true, { name: "wlan0", model: "ath11k", bdf: "02:00.0" });
    const r = rows(p, "IR-PCI-MSI-0000:02:00.0");
    expect(r.slice(0, 9)).toEqual([
      "0-edge bhi",
      "1-edge mhi",
      "2-edge mhi",
      "3-edge ce0",
      "4-edge ce1",
      "5-edge ce2",
      "6-edge ce3",
      "7-edge ce5",
      "8-edge ce7",
    ]);
    expect(r.slice(9)).toEqual([14, 15, 16, 18, 19, 20, 21, 22, 23, 24].map((h) => `${h}-edge DP_EXT_IRQ`));
  });

  it("without IR: one MSI shared by every ring, pinned (IRQF_NOBALANCING)", () => {
    const p = boot(false, { name: "wlan0", model: "ath11k", bdf: "02:00.0", chip: "qcn9074" });
    const r = rows(p, "PCI-MSI-0000:02:00.0");
    expect(r).toHaveLength(1);
    expect(r[0]).toBe(`0-edge ce0, ce1, ce2, ce3, ce5, ${Array(10).fill("DP_EXT_IRQ").join(", ")}, bhi, mhi, mhi`);
  });
});

describe("nic", () => {
  it("mlx5_async0 and one mlx5_comp<i> per channel, by dynamic MSI-X; SFs by dynamic MSI-X without IMS", () => {
    const p = boot(false, { name: "nic0", model: "nic", bdf: "3b:00.0", channels: 2, sfs: 1, sf_ims: true });
    expect(rows(p, "PCI-MSIX-0000:3b:00.0")).toEqual([
      "0-edge mlx5_async0@pci:0000:3b:00.0",
      "1-edge mlx5_comp0@pci:0000:3b:00.0",
      "2-edge mlx5_comp1@pci:0000:3b:00.0",
      "3-edge mlx5_sf_ctrl3@pci:0000:3b:00.0",
      "4-edge mlx5_sf_comp4@pci:0000:3b:00.0",
    ]);
  });

  it("with IR and sf_ims, the SF's completion vector comes from the IMS queue store", () => {
    const p = boot(true, { name: "nic0", model: "nic", bdf: "3b:00.0", channels: 2, sfs: 1, sf_ims: true });
    expect(rows(p, "IR-MLX5-SF-IMS-0000:3b:00.0")).toEqual(["0-edge mlx5_sf_comp0@pci:0000:3b:00.0"]);
    expect(p.pci.get("nic0")?.ims?.writes).toBeGreaterThan(0);
  });

  it("defaults to one completion channel per possible CPU", () => {
    const p = boot(true, { name: "nic0", model: "nic", bdf: "3b:00.0" }, 3);
    expect(rows(p, "IR-PCI-MSIX-0000:3b:00.0")).toHaveLength(4);
  });
});
