import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../../scenario/presets";
import { isScenarioText, routeInput } from "./import-input";

describe("what the Import button hands over", () => {
  it("sends a scenario file the scenario way, even a broken one", () => {
    expect(isScenarioText(JSON.stringify(DEFAULT_PRESET.scenario, null, 2))).toBe(true);
    expect(isScenarioText('{"machine": {"cpus": 4,}')).toBe(true);
    expect(routeInput([{ name: "s.json", text: JSON.stringify(DEFAULT_PRESET.scenario) }]).kind).toBe("scenario");
  });

  it("sends what a machine printed, and several files, the import way", () => {
    expect(isScenarioText("           CPU0       CPU1\n  0:  1  2  IO-APIC  2-edge  timer")).toBe(false);
    expect(isScenarioText("{'  0:': 'x'}")).toBe(false);
    const s = JSON.stringify(DEFAULT_PRESET.scenario);
    expect(
      routeInput([
        { name: "a", text: s },
        { name: "b", text: s },
      ]).kind,
    ).toBe("dump");
  });
});
