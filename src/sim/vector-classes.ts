/**
 * The classes of the vector heatmap's cells, shared by the worker's view and the UI (this file
 * imports nothing, so the main bundle can use it without pulling in the model).
 */
export const VECTOR_CLASS = {
  free: 0,
  /** Outside the allocation window and not a system vector (Intel-reserved exceptions, 0xec–0xef …). */
  outside: 1,
  system: 2,
  /** An ISA vector on CPU 0, or a vector of an irq below 16. */
  legacy: 3,
  allocated: 4,
  /** Reserved for a managed irq (cm->managed_map) but not allocated. */
  managedReserved: 5,
  managedAllocated: 6,
  /** The previous vector of an irq whose move is not finished (prev_vector, awaiting cleanup). */
  moving: 7,
  /** A CPU that is offline: its map keeps its bits but takes no new vectors. */
  offline: 8,
} as const;

export type VectorClass = (typeof VECTOR_CLASS)[keyof typeof VECTOR_CLASS];

/** Legend order and words; the index is the class number. */
export const VECTOR_CLASS_NAMES: readonly string[] = [
  "free",
  "outside the window",
  "system",
  "legacy",
  "allocated",
  "managed reserved",
  "managed allocated",
  "moving (previous vector)",
  "offline CPU",
];

export const NR_VECTORS_PER_CPU = 256;
