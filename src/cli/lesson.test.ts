/** `sim lesson FILE --check`: exit 0 when every condition holds, 1 naming the failed step and condition, 2 for a bad file. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lessonCommand } from "./lesson";

const LESSON = join(import.meta.dirname, "../../public/lessons/01-what-is-a-vector.json");
const dir = mkdtempSync(join(tmpdir(), "irqscope-lesson-"));

function run(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = lessonCommand(args, { out: (t) => (out += String(t)), err: (t) => (err += t) });
  return { code, out, err };
}

/** The first lesson with `change` applied to its parsed JSON, written to a temp file. */
function variant(
  name: string,
  change: (lesson: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void,
): string {
  const lesson = JSON.parse(readFileSync(LESSON, "utf8"));
  change(lesson);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(lesson));
  return file;
}

describe("sim lesson --check", () => {
  it("exits 0 when every step holds", () => {
    const r = run([LESSON, "--check"]);
    expect(r.err).toBe("");
    expect(r.out).toContain("what-is-a-vector: every step holds");
    expect(r.code).toBe(0);
  });

  it("exits 1 naming the step and the condition that does not hold", () => {
    const file = variant("wrong-cpu.json", (l) => {
      const step = l.steps[3] as { holds: Record<string, unknown>[] };
      step.holds = [{ device: "nic0", store: "msix", index: 0, effective_cpu: 3 }];
    });
    const r = run([file, "--check"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'step 4 "request_irq() takes a real vector": holds nic0 msix 0 effective_cpu 3: effective_cpu: expected 3, got 1',
    );
  });

  it("exits 1 when an action's own expect fails, and when a highlight names nothing", () => {
    const refused = variant("refused.json", (l) => {
      const step = l.steps[3] as { action: Record<string, unknown> };
      step.action = { ...step.action, expect: { errno: "ENOSPC" } };
    });
    const a = run([refused, "--check"]);
    expect(a.code).toBe(1);
    expect(a.err).toContain(
      'step 4 "request_irq() takes a real vector": action request_irq nic0 msix 0: expect errno: expected "ENOSPC", got "none (ok)"',
    );
    const unlit = variant("unlit.json", (l) => {
      l.steps[1] = { ...l.steps[1], highlight: { kind: "node", name: "INTEL-IR-0-13" } };
    });
    const b = run([unlit, "--check"]);
    expect(b.code).toBe(1);
    expect(b.err).toContain(
      'step 2 "Not every vector is for devices": highlight: no canvas node named "INTEL-IR-0-13"',
    );
  });

  it("exits 2 with one message for an invalid file", () => {
    type Change = (l: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void;
    const cases: [string, Change, string][] = [
      [
        "no-format.json",
        (l) => {
          l.format = "irqscope-scenario";
        },
        'format: expected "irqscope-lesson", got "irqscope-scenario"',
      ],
      [
        "bad-cpus.json",
        (l) => {
          l.steps[3] = { ...l.steps[3], action: { op: "set_affinity", device: "nic0", index: 0, cpus: "0-x" } };
        },
        'steps[3].action.cpus: "0-x" is not a CPU list',
      ],
      [
        "no-hint.json",
        (l) => {
          delete l.steps[3]?.hint;
        },
        "steps[3].hint: missing required field",
      ],
      [
        "by-irq.json",
        (l) => {
          l.steps[3] = { ...l.steps[3], action: { op: "raise", irq: 24 } };
        },
        "steps[3].action.irq: name the interrupt by",
      ],
      [
        "no-device.json",
        (l) => {
          l.steps[2] = { ...l.steps[2], holds: [{ device: "nvme9", index: 0, vector: 32 }] };
        },
        'steps[2].holds[0].device: no device named "nvme9"',
      ],
      [
        "bad-highlight.json",
        (l) => {
          l.steps[0] = { ...l.steps[0], highlight: { kind: "row" } };
        },
        "steps[0].highlight.kind",
      ],
      [
        "bad-machine.json",
        (l) => {
          (l.scenario as { machine: { cpus: number } }).machine.cpus = 0;
        },
        "scenario.machine.cpus",
      ],
    ];
    for (const [name, change, message] of cases) {
      const r = run([variant(name, change), "--check"]);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toContain(message);
      expect(r.err.trim().split("\n"), name).toHaveLength(1);
    }
    const notJson = join(dir, "not-json.json");
    writeFileSync(notJson, "{ nope");
    expect(run([notJson, "--check"]).code).toBe(2);
    expect(run([join(dir, "missing.json"), "--check"]).code).toBe(2);
    expect(run([LESSON]).code).toBe(2);
  });
});
