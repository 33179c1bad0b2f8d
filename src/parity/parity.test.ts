import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parityReport } from "../cli/parity";
import { RIGS, rigTest } from "../import/test-recordings";
import { parseQemuCmd } from "./qemu-cmd";
import { readRecording } from "./recording";

describe("sim parity on the real-kernel recordings", () => {
  for (const rig of RIGS) {
    const withDir = rigTest(rig);
    withDir(`${rig}: 100 % on every phase and everything compared`, (dir) => {
      const r = parityReport(dir);
      if (typeof r === "string") throw new Error(r);
      expect(r.perfect).toBe(true);
      // Every check ran where the recording has the section (the writes are skipped only at boot).
      expect(r.text.match(/skipped/g)?.length).toBe(1);
    });
  }

  const withIr = rigTest("q35-6.12-ir");
  withIr("a recording the model does not reproduce is reported, with the line, and fails", (ir) => {
    const copy = mkdtempSync(join(tmpdir(), "parity-"));
    cpSync(ir, copy, { recursive: true });
    const file = join(copy, "p3-affinity-cpu2__debugfs_irq_irqs.txt");
    // The kernel put nvme0q0 on vector 38 of CPU 2; pretend it chose 39.
    const text = readFileSync(file, "utf8").replace(/(----- irq 25\n(?:.*\n)*?\s+Vector:\s+)38/, "$139");
    writeFileSync(file, text);
    const r = parityReport(copy);
    if (typeof r === "string") throw new Error(r);
    expect(r.perfect).toBe(false);
    expect(r.text).toContain("irq 25: vector 38 (real 39)");
    expect(r.text).toContain('irqs/25: real only  "         Vector:    39"');
  });
});

/** The project's own recordings of stock Debian kernels (qemu-rig; specs in fixtures/real-kernel/rig-specs.txt). */
const OWN = join(import.meta.dirname, "../../fixtures/real-kernel");
const OWN_RIGS = readdirSync(OWN).filter((d) => statSync(join(OWN, d)).isDirectory());

describe("sim parity on the project's recordings of stock distribution kernels", () => {
  it("has at least six, of both releases, with and without IR, on 2 to 8 CPUs", () => {
    expect(OWN_RIGS.length).toBeGreaterThanOrEqual(6);
    for (const want of [/6\.1-.*-ir/, /6\.1-.*-noir/, /6\.12-.*-ir/, /6\.12-.*-noir/, /8cpu/, /2cpu/])
      expect(OWN_RIGS.some((d) => want.test(d))).toBe(true);
  });
  for (const rig of OWN_RIGS) {
    it(`${rig}: 100 % on every phase and everything compared`, () => {
      const dir = join(OWN, rig);
      const rec = readRecording(dir);
      if (typeof rec === "string") throw new Error(rec);
      // A distribution build: KVM's rows, no irq debugfs; the model builds the same kernel.
      expect(rec.kconfig).toEqual({ KVM: true, GENERIC_IRQ_DEBUGFS: false, X86_POSTED_MSI: false });
      const r = parityReport(dir);
      if (typeof r === "string") throw new Error(r);
      expect(r.perfect, r.text).toBe(true);
      // Without debugfs the vector comes from the trace, and the rows, msi_irqs and trace all ran.
      expect(r.text.match(/100\.0 % {2}irqs: every .* vector \(from trace\)/g)?.length).toBe(rec.phases.length);
      expect(r.text.match(/100\.0 % {2}PCI functions: msi_irqs/g)?.length).toBe(rec.phases.length);
      expect(r.text.match(/100\.0 % {2}irq_vectors\/irq_matrix tracepoints/g)?.length).toBe(rec.phases.length);
    });
  }

  it("a trace event the model does not emit is reported, with the event, and fails", () => {
    const copy = mkdtempSync(join(tmpdir(), "parity-trace-"));
    cpSync(join(OWN, "q35-6.12-stock-noir"), copy, { recursive: true });
    const file = join(copy, "p3-affinity-cpu2__trace_irq_vectors_matrix.txt");
    // One event of the phase with another value: reported as real-only, and the model's as model-only.
    const text = readFileSync(file, "utf8").replace(
      /vector_update: irq=(\d+) vector=(\d+)/,
      "vector_update: irq=$1 vector=99",
    );
    writeFileSync(file, text);
    const r = parityReport(copy);
    if (typeof r === "string") throw new Error(r);
    expect(r.perfect).toBe(false);
    expect(r.text).toMatch(/real only {2}"vector_update: irq=\d+ vector=99 /);
  });

  it("a stock recording whose trace shows another vector is reported and fails", () => {
    const copy = mkdtempSync(join(tmpdir(), "parity-stock-"));
    cpSync(join(OWN, "q35-6.12-stock-ir"), copy, { recursive: true });
    const file = join(copy, "p1-boot__trace_irq_vectors_matrix.txt");
    const text = readFileSync(file, "utf8");
    const last = [...text.matchAll(/vector_config: irq=25 vector=(\d+) cpu=(\d+)/g)].pop();
    if (!last) throw new Error("no vector_config of irq 25");
    writeFileSync(file, text.replace(last[0], `vector_config: irq=25 vector=${Number(last[1]) + 1} cpu=${last[2]}`));
    const r = parityReport(copy);
    if (typeof r === "string") throw new Error(r);
    expect(r.perfect).toBe(false);
    expect(r.text).toContain(`irq 25: vector@cpu ${last[1]}@${last[2]} (real ${Number(last[1]) + 1}@${last[2]})`);
  });
});

describe("the machine of a QEMU command line", () => {
  it("CPUs, IR and the PCI functions at the slots QEMU hands out, with their options", () => {
    const m = parseQemuCmd(
      "qemu-system-x86_64 -machine q35 -smp 8 -device intel-iommu\\,intremap=on " +
        "-device nvme\\,drive=d\\,max_ioqpairs=2 -netdev user\\,id=n0\\,queues=4 " +
        "-device virtio-net-pci\\,netdev=n0\\,mq=on\\,addr=0x6 -device e1000e\\,netdev=n1 " +
        "-device virtio-blk-pci\\,drive=v\\,num-queues=3",
    );
    expect(m).toEqual({
      cpus: 8,
      intremap: true,
      unsupported: [],
      devices: [
        { model: "nvme", name: "nvme", bdf: "0000:00:01.0", max_ioqpairs: 2 },
        { model: "virtio-net", name: "virtio-net", bdf: "0000:00:06.0", queue_pairs: 4 },
        { model: "e1000e", name: "e1000e", bdf: "0000:00:02.0" },
        { model: "virtio-blk", name: "virtio-blk", bdf: "0000:00:03.0", num_queues: 3 },
      ],
    });
  });

  it("names what the model has no device for", () => {
    const m = parseQemuCmd("qemu -smp 2 -device qxl-vga -device virtio-rng-pci");
    expect(typeof m !== "string" && m.unsupported).toEqual(["qxl-vga"]);
  });

  it("refuses a CPU count that is not one", () => {
    expect(parseQemuCmd("qemu -smp many")).toBe("-smp many: not a CPU count");
  });
});

describe("reading a recording", () => {
  it("the writes and their errno from the action files; a directory that is not a recording", () => {
    const dir = mkdtempSync(join(tmpdir(), "rec-"));
    writeFileSync(join(dir, "qemu-cmd.txt"), "qemu -smp 2");
    writeFileSync(join(dir, "p1-boot__meta.txt"), "uname_r=6.1.0-13-amd64\ncmdline=intremap=off\n");
    writeFileSync(join(dir, "p1-boot__interrupts.txt"), "");
    writeFileSync(join(dir, "p2-x__interrupts.txt"), "");
    writeFileSync(
      join(dir, "p2-x__action.txt"),
      [
        "write '0' > /sys/devices/system/cpu/cpu1/online : rc=0",
        "write '1' > /proc/irq/25/smp_affinity_list : rc=1 error: sh: write error: Input/output error",
        "write 'f' > /proc/irq/25/smp_affinity : rc=0",
        "write 'x' > /proc/irq/25/something : rc=0",
      ].join("\n"),
    );
    const rec = readRecording(dir);
    if (typeof rec === "string") throw new Error(rec);
    expect(rec.kernel).toBe("6.1");
    expect(rec.intremapOff).toBe(true);
    expect(rec.phases.map((p) => p.name)).toEqual(["p1-boot", "p2-x"]);
    expect(rec.phases[1]?.actions.map((a) => [a.step, a.errno])).toEqual([
      [{ op: "cpu_offline", cpu: 1 }, undefined],
      [{ op: "set_affinity", irq: 25, cpus: "1", file: "smp_affinity_list" }, "EIO"],
      [{ op: "set_affinity", irq: 25, cpus: "f", file: "smp_affinity" }, undefined],
    ]);
    expect(rec.phases[1]?.unparsedActions).toEqual(["write 'x' > /proc/irq/25/something : rc=0"]);
    expect(readRecording(join(dir, "nope"))).toMatch(/no such directory/);
    writeFileSync(join(dir, "p1-boot__meta.txt"), "uname_r=5.4.0\n");
    expect(readRecording(dir)).toMatch(/kernel 5.4.0 is not one the model has/);
  });
});
