/**
 * ath11k's MHI controller (ath11k/mhi.c) and the MHI core's interrupts (bus/mhi/host/init.c): the
 * controller's vectors from the "MHI" user, irq[0] for BHI, one per event ring after it.
 */
import type { Err } from "../../../../../irq/irqdomain";
import { firstError } from "../../../../driver";
import type { PciDev } from "../../../../pci/pci-dev";
import type { MsiConfig } from "./msi-config";
import { userMsi } from "./msi-config";

/** ath11k's MHI config: two event rings, on MHI vectors 1 and 2. */
const EVENT_RING_IRQS = [1, 2];

/**
 * mirrors ath11k_mhi_get_msi() + mhi_init_irq_setup(): vector i of the MHI user (all on the one
 * vector without multi-MSI), "bhi" on irq[0] and "mhi" per event ring, IRQF_SHARED.
 */
export function ath11kMhiRegister(
  dev: PciDev,
  cfg: MsiConfig,
  multi: boolean,
  request: (vector: number, name: string) => Err,
): Err {
  const mhi = userMsi(cfg, "MHI");
  if (!mhi) return { ok: false, errno: "EINVAL", reason: `${dev.bdf}: no MHI vectors in the MSI config` };
  const vector = (i: number) => mhi.base + (multi ? i : 0);
  return firstError(() => request(vector(0), "bhi"), ...EVENT_RING_IRQS.map((i) => () => request(vector(i), "mhi")));
}
