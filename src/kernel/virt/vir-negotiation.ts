/**
 * Guest boot negotiation of the Dec 2021 proposal (schemes.md "Guest boot negotiation"): the VMM
 * starts every guest on the old scheme; an old guest never asks; a new guest that finds a vIOMMU
 * with interrupt remapping detects the hypercall and asks; the hypervisor grants or rejects, and both
 * sides switch or both stay. The feature is opt-in: IMS is offered only when the guest's IR domain
 * advertises it. (The proposal was never implemented for KVM; this is the design, not shipped code.)
 */
import type { HostSpec, MachineSpec } from "../../scenario/schema";
import { kernelAtLeast } from "../arch/x86/vector";

export interface SchemeOutcome {
  /** Both sides switched to the proposal: MSI-X and IMS mapped, the vIRTE update is the hypercall. */
  readonly granted: boolean;
  /** The scheme the guest kernel runs after boot. */
  readonly guestScheme: "old" | "new";
  /** Whether the guest's IR domain advertises IMS (system_supports_ims()). */
  readonly imsAdvertised: boolean;
  /** What happened, in order, for the event log. */
  readonly events: readonly string[];
  /** One line for the views ("old scheme: MSI/MSI-X trapped by QEMU"). */
  readonly summary: string;
}

const PROPOSAL = "the Dec 2021 proposal";

/** mirrors the proposal's guest side (detect, ask) and `hypervisor_grants_new_scheme` on the host. */
export function negotiateScheme(m: MachineSpec, host: HostSpec): SchemeOutcome {
  const start = "VMM: guest starts on the old scheme (MSI and MSI-X trapped by QEMU)";
  const vir = m.ir === "on";
  if (host.hypervisor === "hyperv") {
    return {
      granted: false,
      guestScheme: m.scheme,
      imsAdvertised: false,
      events: [
        "Hyper-V: pci-hyperv composes every message through the host (PCI_CREATE_INTERRUPT_MESSAGE); the hypervisor owns the interrupt remapping",
      ],
      summary: "Hyper-V: the hypervisor composes every message (no IMS for guests)",
    };
  }
  if (m.scheme === "old") {
    return {
      granted: false,
      guestScheme: "old",
      // An old guest cannot tell it is one: it offers IMS wherever its (v)IR would on bare metal, which
      // on the old scheme means a kernel that still has the infrastructure (6.2–6.9, pci_create_ims_domain()).
      imsAdvertised: vir && !kernelAtLeast(m.kernel, 6, 10),
      events: [start, `guest: old kernel, never asks for ${PROPOSAL}'s hypercall: MSI/MSI-X stay trapped`],
      summary: "old scheme: MSI/MSI-X trapped by QEMU, backed on unmask",
    };
  }
  if (!vir) {
    return {
      granted: false,
      guestScheme: "old",
      imsAdvertised: false,
      events: [
        start,
        `guest: no vIOMMU with interrupt remapping, so no hypercall to detect: stays on the old scheme, IMS unavailable`,
      ],
      summary: `old shapes (no vIR to ask for ${PROPOSAL}): IMS unavailable`,
    };
  }
  const asks = `guest: vIR found, hypercall detected: asks to switch to ${PROPOSAL}`;
  const refusal = !m.hypervisor_grants_new_scheme
    ? "the hypervisor does not implement it"
    : host.ir !== "on"
      ? "the host has no interrupt remapping to secure a mapped MSI-X table"
      : undefined;
  if (refusal) {
    return {
      granted: false,
      guestScheme: "old",
      imsAdvertised: false,
      events: [start, asks, `host: rejects (${refusal}); both stay on the old scheme, IMS unavailable to the guest`],
      summary: `${PROPOSAL} rejected (${refusal}): old shapes, IMS unavailable`,
    };
  }
  return {
    granted: true,
    guestScheme: "new",
    imsAdvertised: true,
    events: [
      start,
      asks,
      "host: grants; both switch: MSI-X table mapped into the guest, IMS offered, every vIRTE update is a hypercall",
    ],
    summary: `${PROPOSAL} granted: vIRTE updates are hypercalls, MSI-X mapped, IMS available`,
  };
}
