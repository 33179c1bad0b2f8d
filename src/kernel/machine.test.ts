import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { sharedTest } from "../testing/shared-fixtures";
import { formatMatrixTraceEvent } from "./irq/matrix-trace-events";
import { bootMachine } from "./machine";

/** The tracepoint payloads (after `name: `) of an ftrace text dump. */
function tracepoints(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("#") && l.includes(": "))
    .map((l) => l.replace(/^.*?\s\d+\.\d+: /, ""));
}

describe("boot seeding against a real Linux 6.12 boot (q35, 4 CPUs)", () => {
  for (const rig of ["q35-6.12-noir", "q35-6.12-ir"]) {
    sharedTest(`real-kernel/${rig}`)(
      `${rig}: lapic_assign_system_vectors() emits the same irq_matrix events`,
      (dir) => {
        const real = tracepoints(readFileSync(join(dir, "p1-boot__trace_irq_vectors_matrix.txt"), "utf8"));
        // The kernel's own system vectors are config dependent: take them from the recording.
        const system = real
          .filter((t) => t.startsWith("irq_matrix_assign_system:"))
          .map((t) => Number(/bit=(\d+)/.exec(t)?.[1]))
          .filter((b) => b !== 50);
        const boot: string[] = [];
        bootMachine(
          { cpus: 4, kernel: "6.12", legacyPic: true, systemVectors: system.join(",") },
          { trace: (e) => boot.push(formatMatrixTraceEvent(e)) },
        );
        // CPU 0's part runs before the IO-APIC is set up: compare up to the first vector-domain event.
        const cpu0 = real.slice(
          0,
          real.findIndex((t) => !t.startsWith("irq_matrix_")),
        );
        expect(cpu0.length).toBeGreaterThan(40);
        expect(boot.slice(0, cpu0.length)).toEqual(cpu0);
      },
    );
  }
});
