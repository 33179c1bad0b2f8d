/** Only the checked script's own text, cut after some of its steps, skips the checks. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { PRESETS } from "../scenario/presets";
import type { Scenario } from "../scenario/schema";
import { ownPrefix } from "./own-prefix";

function checked(): Scenario {
  const r = parseScenario(PRESETS.find((p) => p.id === "server-vtd")?.scenario);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe("ownPrefix", () => {
  const script = checked();
  const text = (s: unknown) => JSON.parse(JSON.stringify(s));

  it("takes the script cut after any number of its steps, as sent over postMessage", () => {
    for (const n of [0, 1, script.steps.length - 1, script.steps.length]) {
      const got = ownPrefix(text({ ...script, steps: script.steps.slice(0, n) }), [undefined, script]);
      expect(got?.steps).toEqual(script.steps.slice(0, n));
      expect(got?.machine).toBe(script.machine);
    }
  });

  it("refuses a changed step, a changed machine, a longer script, extra fields and non-scenarios", () => {
    const step = { ...script.steps[0], note: "changed" };
    const cases: unknown[] = [
      { ...script, steps: [step] },
      { ...script, machine: { ...script.machine, cpus: script.machine.cpus + 1 } },
      { ...script, steps: [...script.steps, script.steps[0]] },
      { ...script, extra: 1 },
      { ...script, version: 2 },
      { ...script, steps: "no" },
      "text",
      null,
    ];
    for (const c of cases) expect(ownPrefix(text(c), [script])).toBeUndefined();
    expect(ownPrefix(text(script), [])).toBeUndefined();
  });
});
