import { describe, expect, it } from "vitest";
import { ERRNO, type ErrnoName } from "../kernel/errno";
import { explainRefusal } from "./refusal-explained";

describe("explainRefusal", () => {
  it("names the check behind the refusal of each step", () => {
    expect(explainRefusal("set_affinity", "ENOSPC")).toMatchObject({
      errno: "-28 ENOSPC",
      meaning: "No space left on device",
      why: expect.stringContaining("irq_matrix_alloc() found no free vector on any online CPU of the new mask"),
    });
    expect(explainRefusal("cpu_offline", "ENOSPC").why).toContain("lapic_can_unplug_cpu()");
    expect(explainRefusal("cpu_offline", "EPERM").why).toContain("boot CPU");
    expect(explainRefusal("cpu_offline", "EBUSY").why).toContain("last online CPU");
    expect(explainRefusal("set_affinity", "EBUSY").why).toContain("move_in_progress");
    expect(explainRefusal("set_affinity", "EPERM").why).toContain("IRQD_AFFINITY_MANAGED");
    expect(explainRefusal("alloc_at", "EBUSY").why).toContain("msi_insert_desc()");
    expect(explainRefusal("alloc_ims", "ENOTSUPP").why).toContain("IMS");
    expect(explainRefusal("free_at", "EBUSY").why).toContain("free_irq() first");
  });

  it("falls back to the errno's general rule, and says when the format refused the input", () => {
    expect(explainRefusal("tick", "ENOSPC").why).toBe(
      "A resource ran out: a vector in the irq_matrix, an IRTE, a device's table entries.",
    );
    expect(explainRefusal(undefined, "EINVAL", true).why).toContain("refused before reaching the kernel");
    for (const errno of Object.keys(ERRNO) as ErrnoName[]) {
      const x = explainRefusal("raise", errno);
      expect(x.errno).toBe(`-${ERRNO[errno]} ${errno}`);
      expect(x.meaning.length, errno).toBeGreaterThan(0);
      expect(x.why.length, errno).toBeGreaterThan(0);
    }
  });
});
