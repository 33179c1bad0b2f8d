import { describe, expect, it } from "vitest";
import { VECTOR_CLASS_NAMES } from "../../sim/vector-classes";
import { definitionId, explain, GLOSSARY, glossaryWord } from "./glossary";

// Every state describeVectorState() can give a row (irq-state.ts), except "none" (no vector: shown as "—").
const ROW_STATES = ["reserved", "managed-reserved", "managed-shutdown", "active", "fixed", "moving", "cleanup"];

describe("glossary", () => {
  it("explains every irq state the irq table shows, and the words around it", () => {
    for (const s of [...ROW_STATES, "parked", "pending", "shutdown", "retriggered", "masked", "stale", "shut down"]) {
      expect(explain(s), s).toMatch(/\w{3,}/);
    }
  });

  it("explains the vector map's legend words that are states", () => {
    const states = VECTOR_CLASS_NAMES.filter((n) => /managed|allocated|moving/.test(n));
    expect(states.length).toBeGreaterThanOrEqual(4);
    for (const n of states) expect(explain(n), n).toBeDefined();
  });

  it("leaves words it does not know alone", () => {
    expect(explain("toString")).toBeUndefined();
    expect(explain("free")).toBeUndefined();
    expect(glossaryWord("constructor")).toBeUndefined();
  });

  it("says the parked vector and reservation the way the kernel does", () => {
    expect(GLOSSARY.parked).toContain("0xef");
    expect(GLOSSARY.parked).toContain("MANAGED_IRQ_SHUTDOWN_VECTOR");
    expect(GLOSSARY.reserved).toContain("request_irq()");
    expect(GLOSSARY["managed-reserved"]).toContain("-ENOSPC");
  });

  it("keeps definitions short enough for a tooltip, with ids usable in aria-describedby", () => {
    for (const [word, text] of Object.entries(GLOSSARY)) {
      expect(text.length, word).toBeLessThanOrEqual(320);
      expect(definitionId(word as keyof typeof GLOSSARY)).toMatch(/^glossary-[a-z-]+$/);
    }
  });
});
