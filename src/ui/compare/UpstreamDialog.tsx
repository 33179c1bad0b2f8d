/**
 * What became of the Dec 2021 proposal upstream (remapping-msi-ims.md §11), so that a compare never
 * passes the new scheme off as shipped behaviour.
 */

import { memo } from "react";
import { Modal } from "../dialogs/Modal";

const TIMELINE: readonly (readonly [string, string, string])[] = [
  [
    "v5.17 (Jan 2022)",
    "tglx's MSI rework, parts 1–3: MSI descriptors kept in an xarray, msi_for_each_desc(); NTB and Hyper-V PCI converted",
    "merged",
  ],
  ["Dec 2021", "The IMS / new-scheme discussion this compare models", "design only"],
  [
    "v6.2 (Feb 2023)",
    "Per-device MSI domains with MSI parents (VECTOR, VT-d, AMD-Vi), the PCI-MSI-<BDF> / IR-PCI-MSIX-<BDF> names; dynamic MSI-X (pci_msix_alloc_irq_at()); the IMS infrastructure (pci_create_ims_domain(), only under physical IR on x86)",
    "merged",
  ],
  ["Nov 2022", "An IDXD IMS irqchip driver, the example user", "not merged"],
  ["v6.4–v6.5 (2023)", "mlx5 and then VFIO use dynamic MSI-X", "merged"],
  ["Aug–Oct 2023", "VFIO backing guest interrupts from IMS (RFC v1–v3)", "not merged"],
  ["Apr 2024", "IMS removed again (seven reverts): it never had a user", "merged"],
  ["v6.10", "Posted MSI for host interrupts (opt-in)", "merged"],
];

/** Memoised: the compare's bar is drawn again at every step; the dialog only when opened or closed. */
export const UpstreamDialog = memo(function UpstreamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="What happened upstream" className="upstream-dialog" testId="upstream">
      <p>
        The new scheme in this compare is the <strong>December 2021 proposal</strong>: MSI, MSI-X and IMS handled one
        way behind interrupt remapping, on hosts and, through a hypercall, in guests. Parts of it shipped, the rest did
        not:
      </p>
      <ul className="upstream-points">
        <li>
          <strong>Shipped in 6.2:</strong> per-device MSI domains with MSI parents, dynamic MSI-X, and the IMS
          infrastructure.
        </li>
        <li>
          <strong>IMS removed in 2024:</strong> no driver ever used it (the IDXD user was not merged), so the
          infrastructure was reverted; it existed from 6.2 to about 6.9.
        </li>
        <li>
          <strong>No KVM hypercall:</strong> guests with a virtual IOMMU use emulated interrupt remapping (QEMU's
          intel-iommu); IMS in guests was never implemented.
        </li>
        <li>
          <strong>Hyper-V had its own model long before:</strong> its hypervisor composes every device message
          (HVCALL_MAP_DEVICE_INTERRUPT, HVCALL_RETARGET_INTERRUPT), independently of this discussion.
        </li>
      </ul>
      <table className="upstream-table">
        <caption className="sr-only">Timeline</caption>
        <thead>
          <tr>
            <th scope="col">when</th>
            <th scope="col">what</th>
            <th scope="col">status</th>
          </tr>
        </thead>
        <tbody>
          {TIMELINE.map(([when, what, status]) => (
            <tr key={`${when}-${status}`}>
              <td>{when}</td>
              <td>{what}</td>
              <td className={status === "merged" ? "ok" : "muted"}>{status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        So a teaching rule: the new <em>hierarchy</em> is real from 6.2; IMS and the guest hypercall are a design that
        was discussed, not behaviour any released kernel shows.
      </p>
      <div className="modal-buttons">
        <button type="button" onClick={onClose} data-autofocus data-testid="upstream-close">
          Close
        </button>
      </div>
    </Modal>
  );
});
