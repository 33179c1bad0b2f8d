/**
 * Why the kernel refuses a step, in plain words: the errno's meaning and the check that returns it,
 * named by the kernel function that makes it. The step's own reason (the model's words about this
 * case) comes with the result; this is the rule behind it, for the event log.
 */
import { ERRNO, type ErrnoName } from "../kernel/errno";

export interface RefusalExplanation {
  /** "-28 ENOSPC". */
  readonly errno: string;
  /** What strerror() says. */
  readonly meaning: string;
  /** Which check refuses it, and why the kernel has that check. */
  readonly why: string;
}

/** strerror() texts (glibc); ENOTSUPP is kernel-internal and has none. */
const MEANING: Readonly<Record<ErrnoName, string>> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  ENXIO: "No such device or address",
  ENOMEM: "Cannot allocate memory",
  EFAULT: "Bad address",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  ENODEV: "No such device",
  EINVAL: "Invalid argument",
  ENOSPC: "No space left on device",
  ERANGE: "Numerical result out of range",
  ENOSYS: "Function not implemented",
  EOVERFLOW: "Value too large for defined data type",
  ENOTSUPP: "Operation is not supported (kernel-internal 524, no strerror text)",
};

const ALLOC_OPS = ["alloc", "alloc_at", "alloc_ims"];
const FREE_OPS = ["free_at", "free_ims", "free_vectors"];

/** The rule behind (op, errno), most specific first. */
const RULES: readonly (readonly [ops: readonly string[] | "any", errno: ErrnoName, why: string])[] = [
  [
    ["set_affinity"],
    "ENOSPC",
    "apic_set_affinity() → assign_vector_locked() → irq_matrix_alloc() found no free vector on any online CPU of the new mask (each CPU has about 200 device vectors between 0x20 and the first system vector). The irq keeps its old CPU and vector.",
  ],
  [
    ALLOC_OPS,
    "ENOSPC",
    "Not enough room for what the driver asked: irq_matrix_alloc() / irq_matrix_reserve_managed() found no free vector on the CPUs the irqs may use, the IRTE table had no free block, or the device offers fewer vectors than min. pci_alloc_irq_vectors() fails when fewer than min vectors can be had.",
  ],
  [
    ["cpu_offline"],
    "ENOSPC",
    "lapic_can_unplug_cpu(): the vectors allocated on the dying CPU (irq_matrix_allocated()) must fit into what the other online CPUs have free (irq_matrix_available(cpudown)); otherwise the CPU stays online. Since v6.7 managed vectors are not counted: they shut down with their CPU instead of moving.",
  ],
  [
    ["cpu_offline"],
    "EBUSY",
    "_cpu_down(): the last online CPU cannot go down; something has to run the system and take its interrupts.",
  ],
  [
    ["cpu_offline"],
    "EPERM",
    "On x86 the boot CPU (CPU 0) has no /sys/devices/system/cpu/cpu0/online file: it cannot be taken offline.",
  ],
  [
    ["set_affinity"],
    "EBUSY",
    "assign_vector_locked(): the irq's previous move has not finished (move_in_progress, or its old vector still waits for cleanup). A new move must wait for the next interrupt on the new CPU or the cleanup timer.",
  ],
  [
    ["set_affinity"],
    "EINVAL",
    "write_irq_affinity() (kernel/irq/proc.c): the list must parse (bitmap_parselist()) and name at least one online CPU (cpumask_intersects(mask, cpu_online_mask)). Disabling an irq by giving it no online CPU is refused: on x86 irq_select_affinity_usr() returns -EINVAL.",
  ],
  [
    ["set_affinity"],
    "EPERM",
    "write_irq_affinity(): irq_can_set_affinity_usr() is false. A managed irq's affinity belongs to the kernel (IRQD_AFFINITY_MANAGED), and an irq with IRQD_NO_BALANCING or no chip that can move it cannot be moved from user space. Since v6.12 the file is read-only then and the write fails with -EPERM.",
  ],
  [
    ["set_affinity"],
    "EIO",
    "write_irq_affinity() before v6.12: irq_can_set_affinity_usr() is false (a managed irq, IRQD_NO_BALANCING, or no chip that can move it), answered with -EIO; v6.12 changed it to -EPERM.",
  ],
  [["set_affinity"], "ERANGE", "bitmap_parselist(): a CPU number beyond nr_cpu_ids is out of range."],
  [
    ["set_affinity", "raise", "request_irq", "free_irq"],
    "ENOENT",
    "/proc/irq/N exists only for an allocated irq descriptor.",
  ],
  [
    "any",
    "EFAULT",
    "An address outside what the hardware can reach: ntb_msi_set_desc() refuses an MSI address outside the NTB memory window (in compatibility format the APIC ID is in the address, so a 32 KiB window reaches 8 APIC IDs).",
  ],
  [
    ["alloc_at"],
    "EBUSY",
    "pci_msix_alloc_irq_at() → msi_insert_desc(): that MSI-X index already has a descriptor; a driver frees it (pci_msix_free_irq()) before allocating it again.",
  ],
  [
    ["alloc_at", "alloc"],
    "ERANGE",
    "The MSI-X index is beyond the table the device advertises, or min is larger than max.",
  ],
  [
    ALLOC_OPS,
    "ENOTSUPP",
    "The device's MSI domain does not support it: dynamic MSI-X allocation after enable needs MSI_FLAG_PCI_MSIX_ALLOC_DYN (per-device MSI domains, v6.2+), and IMS needs a parent that provides device MSI (interrupt remapping with an MSI parent).",
  ],
  [
    FREE_OPS,
    "EBUSY",
    "A vector is freed only after its handler is gone: free_irq() first. The kernel would BUG_ON() in free_msi_irqs() / WARN in the dynamic free path.",
  ],
  [
    ["request_irq"],
    "EBUSY",
    "__setup_irq(): the irq already has a handler and the two are not both IRQF_SHARED (the kernel logs 'Flags mismatch').",
  ],
  [["request_irq"], "ENOSYS", "request_irq() needs an irq_chip: this irq has none in the model."],
  [
    ["free_irq"],
    "EINVAL",
    "__free_irq(): no handler of that name is installed on the irq; the kernel WARNs 'Trying to free already-free IRQ'.",
  ],
  [["device_add"], "EEXIST", "The name or the PCI bus/device/function is already used by another device."],
  [
    ["device_add"],
    "EBUSY",
    "The GSI line is already used by a device that does not share it, or the machine already has its HPET block.",
  ],
  ["any", "ENODEV", "There is no such device, or the device has no MSI domain for that kind of vector."],
  ["any", "ENOMEM", "irq_alloc_descs(): no run of free Linux irq numbers is left below IRQ_BITMAP_BITS."],
  ["any", "ENOSPC", "A resource ran out: a vector in the irq_matrix, an IRTE, a device's table entries."],
  [
    "any",
    "EINVAL",
    "The kernel's argument checks refused it: the object it names does not exist in that state, or the request contradicts what the device or domain can do.",
  ],
  ["any", "EBUSY", "The object is in use and must be released first."],
  ["any", "ENOTSUPP", "The domain or device lacks the feature the call needs."],
  ["any", "ENOSYS", "No level of the irq's hierarchy implements the callback the call needs."],
  ["any", "EOVERFLOW", "A hex mask has more digits than a cpumask can hold."],
];

const FORMAT_WHY =
  "The step was refused before reaching the kernel: the scenario format checks every field (types, ranges, names of present devices), as the kernel's parsers (kstrtoint(), bitmap_parselist()) refuse malformed input with -EINVAL. Nothing changed.";

/** The errno's meaning and the rule behind a refusal of `op`; `byFormat` when the scenario format refused the input. */
export function explainRefusal(op: string | undefined, errno: ErrnoName, byFormat = false): RefusalExplanation {
  const rule = byFormat
    ? undefined
    : (RULES.find(([ops, e]) => e === errno && ops !== "any" && op !== undefined && ops.includes(op)) ??
      RULES.find(([ops, e]) => e === errno && ops === "any"));
  return {
    errno: `-${ERRNO[errno]} ${errno}`,
    meaning: MEANING[errno],
    why: byFormat ? FORMAT_WHY : (rule?.[2] ?? "The kernel refused the call; the step's reason says which check."),
  };
}
