/**
 * ath11k's MSI layouts (ath11k_msi_config, pcic.c) and which rings raise interrupts: the host Copy
 * Engines without CE_ATTR_DIS_INTR (ath11k_host_ce_config_*) and the DP groups with a ring mask
 * (ath11k_hw_ring_mask_*).
 */

export interface MsiUser {
  readonly name: "MHI" | "CE" | "WAKE" | "DP";
  readonly vectors: number;
  readonly base: number;
}

export interface MsiConfig {
  readonly total: number;
  readonly users: readonly MsiUser[];
}

export type Ath11kChip = "qca6390" | "qcn9074";

export const MSI_CONFIG: Readonly<Record<Ath11kChip, MsiConfig>> = {
  qca6390: {
    total: 32,
    users: [
      { name: "MHI", vectors: 3, base: 0 },
      { name: "CE", vectors: 10, base: 3 },
      { name: "WAKE", vectors: 1, base: 13 },
      { name: "DP", vectors: 18, base: 14 },
    ],
  },
  qcn9074: {
    total: 16,
    users: [
      { name: "MHI", vectors: 3, base: 0 },
      { name: "CE", vectors: 5, base: 3 },
      { name: "DP", vectors: 8, base: 8 },
    ],
  },
};

/** msi_config_one_msi: every user on the one vector. */
export const ONE_MSI_CONFIG: MsiConfig = {
  total: 1,
  users: [
    { name: "MHI", vectors: 3, base: 0 },
    { name: "CE", vectors: 1, base: 0 },
    { name: "WAKE", vectors: 1, base: 0 },
    { name: "DP", vectors: 1, base: 0 },
  ],
};

/** The host Copy Engines that raise interrupts (the others carry CE_ATTR_DIS_INTR). */
export const CE_WITH_IRQ: Readonly<Record<Ath11kChip, readonly number[]>> = {
  qca6390: [0, 1, 2, 3, 5, 7],
  qcn9074: [0, 1, 2, 3, 5],
};

/** The DP interrupt groups that have a ring in their mask (ATH11K_EXT_IRQ_GRP_NUM_MAX = 11 groups). */
export const DP_GROUPS: Readonly<Record<Ath11kChip, readonly number[]>> = {
  // tx 0; rxdma2host 0-2; rx_mon_status 4-6; rx 7-10; group 3 has no ring.
  qca6390: [0, 1, 2, 4, 5, 6, 7, 8, 9, 10],
  // tx 0-2; rx_mon_status 3-5; rx 6-9 (the ring mask as modelled).
  qcn9074: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
};

/** mirrors ath11k_pcic_get_user_msi_assignment(): a user's vectors and its first one. */
export function userMsi(cfg: MsiConfig, name: MsiUser["name"]): MsiUser | undefined {
  return cfg.users.find((u) => u.name === name);
}
