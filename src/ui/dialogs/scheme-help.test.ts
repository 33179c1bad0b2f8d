import { describe, expect, it } from "vitest";
import { schemeEffect } from "./scheme-help";

describe("the scheme knob's words", () => {
  it("say where old and new can part on the machine as its knobs stand", () => {
    const bare = { scheme: "new", platform: "bare-metal" };
    expect(schemeEffect({ ...bare, ir: "on", kernel: "6.12" })).toMatch(/behave the same until IMS/);
    expect(schemeEffect({ ...bare, ir: "off", kernel: "6.12" })).toMatch(/stays on the old shapes/);
    expect(schemeEffect({ ...bare, ir: "on", kernel: "6.1" })).toMatch(/no IMS infrastructure/);
    expect(schemeEffect({ scheme: "old", platform: "guest", ir: "on", kernel: "6.12" })).toMatch(/asks the hypervisor/);
  });
});
