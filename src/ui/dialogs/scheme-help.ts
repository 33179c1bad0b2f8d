/**
 * What the scheme knob changes (schemes.md), in words, for the machine as the knobs stand: where it is
 * set, what old and new mean, and whether this machine can tell them apart at all.
 */

export interface SchemeKnobs {
  readonly scheme: string;
  readonly ir: string;
  readonly kernel: string;
  readonly platform: string;
}

export const SCHEME_MEANS =
  "Which way the kernel (and, in a guest, the VMM) manages interrupts. Old: what kernels and hypervisors did in 2021. " +
  "New: the Dec 2021 proposal, a design and not shipped behaviour: MSI, MSI-X and IMS handled alike behind " +
  "interrupt remapping, IMS for any device once the IR domain advertises it; in a guest, through a hypercall.";

export const SCHEME_WHERE =
  'Set here, or as machine.scheme ("old" | "new") in a scenario file; "Compare old | new" runs both side by side.';

/** Whether old and new can differ on this machine, and where. */
export function schemeEffect(k: SchemeKnobs): string {
  if (k.platform === "guest") {
    return "In a guest: an old guest never asks; a new guest with vIR asks the hypervisor at boot, and both switch only if it grants the request.";
  }
  if (k.ir !== "on") {
    return "Here (bare metal, IR off) old and new behave the same: without IR the new scheme stays on the old shapes and IMS is unavailable.";
  }
  if (k.kernel === "6.1") {
    return "Here (kernel 6.1: one global MSI domain per IR unit) old and new behave the same: this kernel has no IMS infrastructure.";
  }
  return "Here (bare metal with IR) old and new behave the same until IMS: the new scheme offers IMS (alloc_ims), the old one refuses it on a kernel without it (-ENOTSUPP).";
}
