import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET, PRESETS } from "../../scenario/presets";
import { Simulator } from "../../sim/simulator";
import { machineView } from "../../sim/views";
import { complete } from "./complete";
import { commandContext } from "./context";

const sim = Simulator.boot(DEFAULT_PRESET.scenario);
if (!sim.ok) throw new Error(sim.error);
sim.sim.apply({ op: "cpu_offline", cpu: 5 });
const ctx = commandContext(machineView(sim.sim), 12, PRESETS);
const values = (text: string) => complete(text, ctx).suggestions.map((s) => s.value);

describe("palette completion", () => {
  it("completes command names by prefix, with their usage", () => {
    expect(values("al")).toEqual(["alloc", "alloc_at", "alloc_ims"]);
    expect(values("")).toContain("affinity");
    const [first] = complete("aff", ctx).suggestions;
    expect(first).toEqual({
      value: "affinity",
      text: "affinity ",
      detail: "affinity IRQ CPULIST — write /proc/irq/IRQ/smp_affinity_list (CPULIST: 3, 0-3, 1,5, all)",
    });
  });

  it("offers the irqs of the view, and for request/free only those without/with a handler", () => {
    expect(values("affinity 2")).toEqual(["24", "25", "26", "27", "28", "29"]);
    const [nic] = complete("raise 29", ctx).suggestions;
    expect(nic).toBeUndefined(); // 29 typed in full: nothing left to complete
    expect(complete("raise 2", ctx).suggestions.find((s) => s.value === "29")).toMatchObject({
      text: "raise 29 ",
      detail: expect.stringMatching(/^nic0 msix 0 · CPU 2, vector 0x21 · requested$/),
    });
    expect(values("free ")).toEqual(["0", "4", "9", "24", "25", "26", "29", "31"]);
    expect(values("request 2")).toEqual(["27", "28"]);
  });

  it("offers online CPUs to take offline, offline ones to bring online", () => {
    expect(values("offline ")).toEqual(["0", "1", "2", "3", "4", "6", "7"]);
    expect(values("online ")).toEqual(["5"]);
  });

  it("offers devices, kinds, a free name and BDF, and the kind's options", () => {
    expect(values("unplug n")).toEqual(["nvme0", "nic0"]);
    expect(values("alloc_ims ")).toEqual(["dsa0"]);
    expect(values("add n")).toEqual(["nvme", "ntb-switchtec", "nic"]);
    expect(values("add nvme ")).toEqual(["nvme1"]);
    expect(values("add nvme nvme1 ")).toEqual(["0000:01:00.0"]);
    expect(complete("add nvme nvme1 05:00.0 m", ctx).suggestions).toEqual([
      { value: "max_ioqpairs=", text: "add nvme nvme1 05:00.0 max_ioqpairs=", detail: "default 64" },
    ]);
    expect(values("add serial com2 ")).toEqual(["gsi="]);
  });

  it("offers knobs with their values now, then the values a knob takes", () => {
    expect(complete("machine ", ctx).suggestions.map((s) => `${s.value} ${s.detail}`)).toEqual([
      "cpus now 8",
      "kernel now 6.12",
      "ir now on",
      "scheme now new",
      "x2apic now off",
    ]);
    expect(values("machine kernel ")).toEqual(["6.1", "6.6", "6.12"]);
    expect(values("machine kernel 6.1 ")).toEqual(["cpus", "kernel", "ir", "scheme", "x2apic"]);
    expect(values("preset ")).toEqual([
      "server-vtd",
      "laptop",
      "server-6.1",
      "qemu-q35",
      "dsa-host",
      "ntb-pair",
      "ath11k-ir",
      "ath11k-no-ir",
      "server-all",
      "box-256",
      "guest-kvm-old",
      "guest-kvm-new",
      "guest-rejected",
      "guest-ims",
      "guest-hyperv",
    ]);
    expect(values("step ")).toEqual(["back", "forward"]);
  });

  it("says the usage once the command is known; nothing for an unknown one", () => {
    expect(complete("offline ", ctx).hint).toBe("offline CPU — echo 0 > /sys/devices/system/cpu/cpuN/online");
    expect(complete("zap ", ctx)).toEqual({ suggestions: [], hint: undefined });
  });
});
