/**
 * A device model is one file: each registry entry carries its schema with defaults, its build, its
 * driver where it has one, and what the add form offers, and every consumer reads the registry.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { unbindDriver } from "../kernel/drivers/bound-driver";
import { bootPlatform, type Platform } from "../kernel/platform";
import { DeviceSchema, DEVICE_MODELS as SCHEMA_MODELS } from "../scenario/schema";
import { MODELS } from "../ui/commands/device-catalog";
import { modelOptions } from "./options";
import { DEVICE_MODELS, DEVICE_MODULES, modelName, moduleOf, SHAREABLE_LINE_MODELS } from "./registry";

/** The smallest device of a model: its name (and BDF), the schema's defaults for the rest. */
function minimal(model: string, bus: string) {
  const at = bus === "pci" ? { bdf: "0000:07:00.0" } : {};
  return v.parse(DeviceSchema, { model, name: "x", ...at });
}

/** A booted 6.12 platform with IR, and the device "x" of `model` added after boot (hot-added, probed). */
function withDevice(model: string, bus: string): Platform {
  const p = bootPlatform({
    cpus: 4,
    kernel: "6.12",
    legacyPic: true,
    ir: true,
    x2apic: false,
    scheme: "new",
    devices: [],
  });
  expect(p.addDevice(minimal(model, bus))).toBeUndefined();
  return p;
}

describe("the device registry", () => {
  it("names each model once, and the scenario schema and the add form list exactly its models", () => {
    expect(new Set(DEVICE_MODELS).size).toBe(DEVICE_MODULES.length);
    expect(SCHEMA_MODELS).toEqual(DEVICE_MODELS);
    expect(MODELS.map((m) => m.model)).toEqual(DEVICE_MODELS);
  });

  for (const m of DEVICE_MODULES) {
    const model = modelName(m);
    describe(model, () => {
      it("has a schema whose defaults make a whole device, and add-form options with those defaults", () => {
        const spec = minimal(model, m.bus);
        expect(spec.model).toBe(model);
        for (const o of modelOptions(m)) expect(spec[o.key as keyof typeof spec], o.key).toEqual(o.def);
        expect(m.ui.what.length).toBeGreaterThan(0);
      });

      it("builds on a booted platform, binds its driver if it has one, and leaves with device_remove", () => {
        const p = withDevice(model, m.bus);
        const d = p.devices.get("x");
        expect(d?.hw.kind).toBe(m.bus === "ioapic" ? "line" : m.bus);
        expect(d?.driver !== undefined).toBe(m.bind !== undefined);
        const err = p.removeDevice("x");
        if (m.fixed) expect(err).toMatchObject({ errno: "EINVAL" });
        else {
          expect(err).toBeUndefined();
          expect(p.devices.has("x")).toBe(false);
        }
      });

      if (m.bind) {
        it("its driver's remove gives back everything probe and open took", () => {
          const p = withDevice(model, m.bus);
          const d = p.devices.get("x");
          if (d?.hw.kind !== "pci" || !d.driver) throw new Error("a driver model that is not a bound PCI function");
          const dev = d.hw.dev;
          expect(dev.msixEnabled || dev.msiEnabled).toBe(true);
          // The driver alone, without the platform's sweep of what the steps took.
          expect(unbindDriver(p, d.driver)).toBeUndefined();
          expect(dev.msixEnabled || dev.msiEnabled).toBe(false);
          expect(dev.msi.slots.map((slot) => slot.store.size)).toEqual(dev.msi.slots.map(() => 0));
          const { cpuhp } = p.machine;
          expect([...cpuhp.online, ...cpuhp.dead, ...cpuhp.downPrep].filter((c) => c.owner === "x")).toEqual([]);
        });
      }

      if (m.qemu) {
        it(`maps QEMU's -device ${m.qemu.device} to a valid ${model}`, () => {
          const options = m.qemu?.options({ options: new Map(), netdevQueues: () => undefined }) ?? {};
          expect(v.safeParse(DeviceSchema, { model, name: "q", bdf: "00:03.0", ...options }).success).toBe(true);
        });
      }
    });
  }

  it("has one rule for shared lines: the models whose drivers pass IRQF_SHARED", () => {
    expect(SHAREABLE_LINE_MODELS).toEqual(["acpi-sci", "i8042"]);
    expect(moduleOf("serial")?.line?.shareable).toBe(false);
  });
});
