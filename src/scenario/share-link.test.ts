import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse";
import { DEFAULT_PRESET } from "./presets";
import { decodeShareHash, encodeShareHash } from "./share-link";

function defaultScenario() {
  const p = parseScenario(DEFAULT_PRESET.scenario);
  if (!p.ok) throw new Error(p.error);
  return p.scenario;
}

describe("share links", () => {
  it("round-trip a scenario exactly, in a URL-safe hash", () => {
    const s = defaultScenario();
    const hash = encodeShareHash(s);
    expect(hash).toMatch(/^#\/s\/1\.[A-Za-z0-9+\-$]+$/);
    expect(decodeShareHash(hash)).toEqual({ ok: true, scenario: s });
    // Compressed: shorter than the JSON itself, let alone the JSON escaped for a URL.
    expect(hash.length).toBeLessThan(JSON.stringify(s).length);
  });

  it("refuse a truncated, tampered, unversioned or future link with one message", () => {
    const hash = encodeShareHash(defaultScenario());
    expect(decodeShareHash(hash.slice(0, hash.length - 40))).toMatchObject({ ok: false });
    const tampered = `${hash.slice(0, 30)}A${hash.slice(31)}`;
    expect(decodeShareHash(tampered).ok).toBe(false);
    expect(decodeShareHash("#/s/abc")).toEqual({
      ok: false,
      error: "the share link is damaged: it has no version number",
    });
    expect(decodeShareHash(hash.replace("#/s/1.", "#/s/2."))).toEqual({
      ok: false,
      error: "the share link was made by a newer irqscope (link version 2; this one reads 1)",
    });
    expect(decodeShareHash("#/s/1.")).toMatchObject({ ok: false, error: expect.stringContaining("truncated") });
  });

  it("report an invalid scenario inside a well-formed link by its field", () => {
    const bad = { ...defaultScenario(), machine: { cpus: 0 } };
    const r = decodeShareHash(encodeShareHash(bad as ReturnType<typeof defaultScenario>));
    expect(r).toEqual({
      ok: false,
      error: "the share link's scenario is invalid: machine.cpus: expected an integer from 1 to 512, got 0",
    });
  });
});

describe("share links of random text", () => {
  it("never throw and always explain", () => {
    for (const junk of ["#/s/1.NoTaReAlLiNk", "#/s/1.%%%", "#/s/1.AAAA", "#/s/0.x", "#/s/-1.x", "#/s/1.x.y"]) {
      const r = decodeShareHash(junk);
      expect(r.ok, junk).toBe(false);
      if (!r.ok) expect(r.error, junk).toMatch(/^the share link (is damaged|was made)/);
    }
  });
});
