/** The text ftrace prints for the irq_matrix tracepoints (include/trace/events/irq_matrix.h). */
import type { MatrixTraceEvent } from "./matrix";

export function formatMatrixTraceEvent(e: MatrixTraceEvent): string {
  const g = e.globals;
  const globals = `online_maps=${g.onlineMaps} global_avl=${g.globalAvailable}, global_rsvd=${g.globalReserved}, total_alloc=${g.totalAllocated}`;
  if (!("bit" in e)) return `${e.name}: ${globals}`;
  if (!("cpu" in e)) return `${e.name}: bit=${e.bit} ${globals}`;
  return `${e.name}: bit=${e.bit} cpu=${e.cpu} online=${+e.online} avl=${e.available} alloc=${e.allocated} managed=${e.managed} ${globals}`;
}
