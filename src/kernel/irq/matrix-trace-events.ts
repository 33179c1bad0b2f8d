/** The text ftrace prints for the irq_matrix tracepoints (include/trace/events/irq_matrix.h). */
import type { TracePrinter } from "../tracepoint";
import type { MatrixTraceEvent } from "./matrix";

const globalsText = (maps: number, avl: number, rsvd: number, total: number) =>
  `online_maps=${maps} global_avl=${avl}, global_rsvd=${rsvd}, total_alloc=${total}`;

/** A tracepoint of the globals only: fields online_maps, global_avl, global_rsvd, total_alloc. */
const globalLine =
  (name: string): TracePrinter =>
  (maps, avl, rsvd, total) =>
    `${name}: ${globalsText(maps, avl, rsvd, total)}`;

/** A per-CPU tracepoint: fields bit, cpu, online, avl, alloc, managed, then the globals. */
const cpuLine =
  (name: string): TracePrinter =>
  (bit, cpu, online, avl, alloc, managed, maps, gAvl, gRsvd, total) =>
    `${name}: bit=${bit} cpu=${cpu} online=${online} avl=${avl} alloc=${alloc} managed=${managed} ${globalsText(maps, gAvl, gRsvd, total)}`;

/** Each irq_matrix tracepoint's printer, by name (the fields in the order its line prints them). */
export const MATRIX_TRACE_LINES = {
  irq_matrix_online: globalLine("irq_matrix_online"),
  irq_matrix_offline: globalLine("irq_matrix_offline"),
  irq_matrix_reserve: globalLine("irq_matrix_reserve"),
  irq_matrix_remove_reserved: globalLine("irq_matrix_remove_reserved"),
  irq_matrix_assign_system: (bit: number, maps: number, avl: number, rsvd: number, total: number) =>
    `irq_matrix_assign_system: bit=${bit} ${globalsText(maps, avl, rsvd, total)}`,
  irq_matrix_reserve_managed: cpuLine("irq_matrix_reserve_managed"),
  irq_matrix_remove_managed: cpuLine("irq_matrix_remove_managed"),
  irq_matrix_alloc_managed: cpuLine("irq_matrix_alloc_managed"),
  irq_matrix_assign: cpuLine("irq_matrix_assign"),
  irq_matrix_alloc: cpuLine("irq_matrix_alloc"),
  irq_matrix_free: cpuLine("irq_matrix_free"),
} satisfies Record<MatrixTraceEvent["name"], TracePrinter>;

export function formatMatrixTraceEvent(e: MatrixTraceEvent): string {
  const g = e.globals;
  const [maps, avl, rsvd, total] = [g.onlineMaps, g.globalAvailable, g.globalReserved, g.totalAllocated];
  if (!("bit" in e)) return MATRIX_TRACE_LINES[e.name](maps, avl, rsvd, total);
  if (!("cpu" in e)) return MATRIX_TRACE_LINES[e.name](e.bit, maps, avl, rsvd, total);
  return MATRIX_TRACE_LINES[e.name](
    e.bit,
    e.cpu,
    +e.online,
    e.available,
    e.allocated,
    e.managed,
    maps,
    avl,
    rsvd,
    total,
  );
}
