/**
 * What the state words the UI shows mean, in one place: the irq table's state column, "0xef
 * (parked)", the inspectors' move and cleanup notes, the vector map's legend, the message stores'
 * pending and masked bits. Each definition is short and names the kernel rule behind the word, so a
 * student can look it up. Term.tsx shows a definition where the word is (hover, keyboard focus,
 * aria-describedby); GlossaryDefinitions renders each one once for aria-describedby.
 */

export const GLOSSARY = {
  reserved:
    "Reservation mode: the irq is allocated with a promise of a vector (counted in the matrix's global reservation) but holds none yet; the hardware points at 0xef until request_irq() activates it and assigns a real one (reserve_irq_vector()).",
  "managed-reserved":
    "A managed irq (the kernel spreads and owns its affinity, e.g. an NVMe queue): a vector is reserved on every CPU of its mask (irq_matrix_reserve_managed()), so its start can never fail with -ENOSPC; none is assigned until request_irq().",
  "managed-shutdown":
    "A managed irq whose CPUs are all offline: the kernel shuts it down instead of moving it elsewhere (irq_migrate_all_off_this_cpu()), and starts it again when a CPU of its mask comes back (irq_affinity_online_cpu()).",
  parked:
    "Not a real vector: the message points at 0xef (MANAGED_IRQ_SHUTDOWN_VECTOR), where an irq without a vector is parked (reserved, or shut down). An interrupt arriving there is counted as spurious.",
  active: "Started: the irq holds a real vector on one CPU, assigned when it was activated (request_irq()).",
  fixed:
    "Holds its vector from allocation, without reservation mode (an early or legacy irq such as the timer); it never waits parked on 0xef.",
  moving:
    "An affinity change in flight: the irq has its new vector, and the old one stays valid until an interrupt arrives on the new one (apic_chip_data.move_in_progress); then the old vector is cleaned up.",
  cleanup:
    "The move is complete: the old vector is queued for release on its CPU (the per-CPU cleanup list, or the cleanup IPI before 6.6).",
  pending:
    "A move that waits: an MSI without remapping cannot be moved safely at once, so the new mask is kept (IRQD_SETAFFINITY_PENDING) and applied when the irq next fires (irq_move_irq()).",
  "pba-pending":
    "The MSI-X Pending Bit Array: the device wanted to send this entry's message while the entry was masked; it sends it when the entry is unmasked.",
  masked:
    "The entry's mask bit is set: the device holds the interrupt back (and sets its pending bit) instead of sending the message.",
  shutdown:
    "A vector_irq marker (VECTOR_SHUTDOWN): the irq that used this vector was shut down on this CPU; an interrupt still arriving here is reported as spurious.",
  retriggered:
    "A vector_irq marker (VECTOR_RETRIGGERED): an interrupt arrived on a vector whose irq had moved away, and was re-sent to the new vector.",
  stale:
    "A copy of the message someone else holds (the firmware, the NTB peer host) that no longer matches the device entry: writes through it land on the old vector or CPU.",
} as const satisfies Record<string, string>;

export type GlossaryWord = keyof typeof GLOSSARY;

/** The vector map's legend words (vector-classes.ts) that have a state word of their own. */
const ALIASES: Readonly<Record<string, GlossaryWord>> = {
  "managed reserved": "managed-reserved",
  "managed allocated": "active",
  allocated: "active",
  "moving (previous vector)": "moving",
  "shut down": "managed-shutdown",
};

/** The glossary word a shown word stands for, if it is one. */
export function glossaryWord(shown: string): GlossaryWord | undefined {
  if (Object.hasOwn(GLOSSARY, shown)) return shown as GlossaryWord;
  return Object.hasOwn(ALIASES, shown) ? ALIASES[shown] : undefined;
}

/** The definition of a shown word (a state word or an alias of one). */
export function explain(shown: string): string | undefined {
  const word = glossaryWord(shown);
  return word ? GLOSSARY[word] : undefined;
}

/** The id of the element holding a word's definition (aria-describedby). */
export const definitionId = (word: GlossaryWord): string => `glossary-${word}`;
