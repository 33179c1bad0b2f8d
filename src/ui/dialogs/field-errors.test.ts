import { describe, expect, it } from "vitest";
import { fieldErrors } from "./field-errors";

describe("fieldErrors", () => {
  it("puts a message naming a field of the root next to that field", () => {
    expect(fieldErrors('device.bdf: 0000:02:00.0 is already used by "nvme0"', "device")).toEqual({
      bdf: '0000:02:00.0 is already used by "nvme0"',
    });
    expect(fieldErrors("machine.cpus: expected an integer from 1 to 512, got 0", "machine")).toEqual({
      cpus: "expected an integer from 1 to 512, got 0",
    });
  });
  it("keeps any other message for the form as a whole", () => {
    expect(fieldErrors("machine.devices: too many", "device")).toEqual({ general: "machine.devices: too many" });
    expect(fieldErrors("the model has one HPET block", "device")).toEqual({ general: "the model has one HPET block" });
  });
});

describe("fieldErrors on nested fields", () => {
  it("puts machine.kconfig.X86_POSTED_MSI under that box", () => {
    expect(fieldErrors("machine.kconfig.X86_POSTED_MSI: not in 6.1", "machine")).toEqual({
      "kconfig.X86_POSTED_MSI": "not in 6.1",
    });
  });
});
