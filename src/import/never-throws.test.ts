/** The parsers answer every input with a result, never an exception: random text and damaged dumps. */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { importedSnapshot } from "../sim/imported-snapshot";
import { propertyTests } from "../testing/property";
import { parseDebugfsDomain } from "./debugfs-domains";
import { parseDebugfsIrq } from "./debugfs-irqs";
import { importMachines } from "./import-text";
import { likeScenario } from "./like-scenario";
import { parseDump } from "./parse-dump";
import { parseProcInterrupts } from "./proc-interrupts";
import { readFixture } from "./test-fixtures";

const PARSERS = [parseProcInterrupts, parseDebugfsIrq, parseDebugfsDomain];

function answers(text: string): void {
  for (const parse of PARSERS) {
    const r = parse(text);
    if (!r.ok) expect(r.error).toMatch(/^(line|lines|empty|no) /);
  }
  parseDump(text);
  // The whole importer too: machines, the "like this" scenario and the snapshot the worker builds.
  const r = importMachines([
    { name: "pasted", text },
    { name: "second", text: text.slice(0, 200) },
  ]);
  if (!r.ok) expect(r.error).not.toBe("");
  else {
    r.machines.forEach((machine, chosen) => {
      const like = likeScenario(machine);
      importedSnapshot({ machine, all: r.machines, chosen, notes: r.notes, like });
    });
  }
}

const FIXTURES = [
  "proc-interrupts-xeon-offline-cpus.txt",
  "proc-interrupts-mail-wrapped.txt",
  "proc-interrupts-hyperv-grep-mail.txt",
  "debugfs-irqs-epyc-dump.txt",
  "debugfs-domains-epyc-dump.txt",
].map(readFixture);

// Damage a real dump: drop, duplicate, cut or garble lines, as pastes do.
const damaged = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("drop", "dup", "cut", "garble", "join")), { maxLength: 8 }),
    fc.string({ maxLength: 6 }),
  )
  .map(([text, edits, junk]) => {
    const lines = text.split("\n");
    for (const [at, edit] of edits) {
      const i = at % lines.length;
      const line = lines[i] ?? "";
      if (edit === "drop") lines.splice(i, 1);
      else if (edit === "dup") lines.splice(i, 0, line);
      else if (edit === "cut") lines[i] = line.slice(0, at % (line.length + 1));
      else if (edit === "garble") lines[i] = line.replace(/\d/, junk);
      else lines.splice(i, 2, `${line}${lines[i + 1] ?? ""}`);
    }
    return lines.join("\n");
  });

describe("no parser throws", () => {
  propertyTests("on random text", () => fc.property(fc.string({ maxLength: 400 }), answers), { seed: 400, runs: 300 });

  const token = fc.constantFrom(
    " ",
    "  ",
    "\n",
    "CPU0",
    "CPU3",
    " 24:",
    "NMI:",
    "ERR:",
    "0",
    "123",
    "0x1f",
    "IO-APIC",
    "2-edge",
    ", ",
    "domain:",
    " hwirq:",
    "    domain:",
    "parent:",
    "name:",
    "Vector:",
    "Target:",
    "| CPU | avl | man | mac | act | vectors",
    "> ",
    "\t",
    "=",
    "`",
    "==> /sys/kernel/debug/irq/irqs/7 <==",
    "root@box:~# cat /proc/interrupts",
    "IR-PCI-MSIX-0000:04:00.0",
    "PCI-MSI 134217728-edge",
    "[    0.07] DMAR-IR: Enabled IRQ remapping in x2apic mode",
    "<b>x</b>",
    '"',
  );
  propertyTests(
    "on random lines built from dump tokens",
    () =>
      fc.property(
        fc.array(token, { maxLength: 80 }).map((t) => t.join("")),
        answers,
      ),
    { seed: 80, runs: 500 },
  );

  propertyTests("on damaged real dumps", () => fc.property(damaged, answers), { seed: 8, runs: 500, freshRuns: 250 });
});
