import { compressToEncodedURIComponent } from "lz-string";
import { describe, expect, it } from "vitest";
import { decodeCompareHash, encodeCompareHash, isCompareHash } from "./compare-link";
import { parseScenario } from "./parse";
import { PRESETS } from "./presets";
import { isShareHash } from "./share-link";

const parsed = parseScenario(PRESETS[0]?.scenario);
if (!parsed.ok) throw new Error(parsed.error);
const scenario = parsed.scenario;

describe("compare links (#/c/)", () => {
  it("carry the scenario and the step both panes stand at", () => {
    const hash = encodeCompareHash({ scenario, at: 4 });
    expect(hash).toMatch(/^#\/c\/1\./);
    expect(isCompareHash(hash)).toBe(true);
    expect(isShareHash(hash)).toBe(false);
    const back = decodeCompareHash(hash);
    expect(back).toEqual({ ok: true, scenario, at: 4 });
  });

  it("a damaged, future or wrong link is one message", () => {
    expect(decodeCompareHash("#/c/1.not-lz-data")).toEqual({
      ok: false,
      error: "the compare link is damaged or truncated: it does not decompress",
    });
    expect(decodeCompareHash("#/c/abc")).toMatchObject({
      ok: false,
      error: "the compare link is damaged: it has no version number",
    });
    expect(decodeCompareHash("#/c/9.x")).toMatchObject({ ok: false, error: expect.stringContaining("newer irqscope") });
    expect(decodeCompareHash("#/s/1.x")).toMatchObject({
      ok: false,
      error: expect.stringContaining("not an irqscope compare link"),
    });
    const body = (v: unknown) => `#/c/1.${compressToEncodedURIComponent(JSON.stringify(v))}`;
    expect(decodeCompareHash(body([1, 2]))).toMatchObject({
      ok: false,
      error: "the compare link is damaged: it holds no scenario",
    });
    expect(decodeCompareHash(body({ scenario: { format: "x" } }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^the compare link's scenario is invalid: format: /),
    });
    expect(decodeCompareHash(body({ scenario, at: scenario.steps.length + 1 }))).toMatchObject({
      ok: false,
      error: `the compare link's step is not one of the scenario's 0–${scenario.steps.length}`,
    });
    // Without a step: at the end.
    expect(decodeCompareHash(body({ scenario }))).toMatchObject({ ok: true, at: scenario.steps.length });
  });
});
