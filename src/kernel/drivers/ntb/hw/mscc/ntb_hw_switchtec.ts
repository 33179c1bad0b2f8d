/**
 * The Switchtec NTB port (drivers/ntb/hw/mscc/ntb_hw_switchtec.c) as interrupts see it: its doorbell
 * and message interrupts, and the hardware both hosts share: scratchpads, the peer doorbell, and the
 * inbound translation of the memory window the peer writes NTB-MSI messages through.
 */
import type { Err } from "../../../../irq/irqdomain";
import type { Platform } from "../../../../platform";
import { firstError, requestVector } from "../../../driver";
import type { PciDev } from "../../../pci/pci-dev";
import { SWITCHTEC_EVENT_VECTOR } from "../../../pci/switch/switchtec";

/** idb_vec_map's size: the doorbell and message vectors wrap inside it. */
const IDB_VECS = 64;

/** What the two hosts share across the NTB: written by one, read by the other. */
export class SwitchtecNtbHw {
  /** Scratchpad registers this host writes for the peer to read (ntb_spad_write()). */
  readonly spads = new Map<number, number>();
  /** Peer doorbell bits rung and not yet handled by the peer (ntb_peer_db_set()). */
  peerDoorbell = 0;
  /** The inbound translation of the window the peer writes through (ntb_mw_set_trans()). */
  translation: { readonly base: number; readonly size: number } | undefined;
}

/** mirrors switchtec_ntb_init_db_msg_irq(): doorbell = event + 1, message = doorbell + 1 (wrapping). */
export function switchtecNtbVectors(): { doorbell: number; message: number } {
  let doorbell = (SWITCHTEC_EVENT_VECTOR + 1) % IDB_VECS;
  if (doorbell === SWITCHTEC_EVENT_VECTOR) doorbell++;
  let message = (doorbell + 1) % IDB_VECS;
  if (message === SWITCHTEC_EVENT_VECTOR) message++;
  return { doorbell, message };
}

/** mirrors switchtec_ntb_init_db_msg_irq(): request_irq() of the doorbell and message vectors. */
export function switchtecNtbInitDbMsgIrq(p: Platform, dev: PciDev): Err {
  const v = switchtecNtbVectors();
  return firstError(
    () => requestVector(p, dev, v.doorbell, "switchtec_ntb_doorbell"),
    () => requestVector(p, dev, v.message, "switchtec_ntb_message"),
  );
}
