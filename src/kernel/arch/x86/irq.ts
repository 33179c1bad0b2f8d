/**
 * An interrupt arriving (arch/x86/kernel/irq.c common_interrupt() → handle_edge_irq()): the
 * vector_irq lookup on the target CPU, the count, and the chip's ack, which completes moves.
 */
import { type KernelError, kernelError } from "../../errno";
import { IRQD } from "../../irq/irqdesc";
import type { IrqData } from "../../irq/irqdomain";
import { irqMoveIrq } from "../../irq/migration";
import type { Machine } from "../../machine";
import { VECTOR_RETRIGGERED, VECTOR_UNUSED } from "./vector-domain";

export type Delivery =
  | { readonly kind: "handled"; readonly cpu: number; readonly vector: number }
  | { readonly kind: "masked" }
  | { readonly kind: "lost"; readonly cpu: number; readonly vector: number; readonly why: string };

/**
 * The device behind `irq` signals it: the message goes where the hardware config points (vector on
 * CPU). A masked irq is held back at the device; an unmasked one is handled on that CPU.
 */
export function raiseIrq(machine: Machine, irq: number): Delivery | KernelError {
  const desc = machine.descs.desc(irq);
  const apicd = machine.vector.apicd.get(irq);
  if (!desc || !apicd) return kernelError("EINVAL", `irq ${irq} is not allocated in the VECTOR domain`);
  if (desc.has(IRQD.IRQ_MASKED) || !desc.has(IRQD.STARTED)) return { kind: "masked" };
  return commonInterrupt(machine, apicd.hwCpu, apicd.hwVector);
}

/** mirrors common_interrupt(): vector_irq[vector] on `cpu` names the irq; handle_edge_irq() runs it. */
export function commonInterrupt(machine: Machine, cpu: number, vector: number): Delivery {
  if (!machine.online.has(cpu)) return { kind: "lost", cpu, vector, why: `CPU ${cpu} is offline` };
  const table = machine.vector.vectorIrq[cpu];
  const irq = table?.[vector] ?? VECTOR_UNUSED;
  const desc = irq >= 0 ? machine.descs.desc(irq) : undefined;
  if (!desc?.data) {
    // mirrors handle_irq() on an empty slot: an unused one is reported; a shut-down or retriggered
    // marker swallows the stray interrupt silently and the slot becomes unused.
    if (irq === VECTOR_UNUSED || !table) {
      machine.core.log.warn(`__common_interrupt: ${cpu}.${vector} No irq handler for vector`);
      return { kind: "lost", cpu, vector, why: "no irq handler for that vector (spurious)" };
    }
    table[vector] = VECTOR_UNUSED;
    const what = irq === VECTOR_RETRIGGERED ? "marked VECTOR_RETRIGGERED by a two-step move" : "being shut down";
    return { kind: "lost", cpu, vector, why: `the vector is ${what}: the interrupt is ignored` };
  }
  // handle_edge_irq(): count it, then the chip's ack (apic_ack_edge: irq_complete_move(), irq_move_irq()).
  if (desc.counts.length === 0) desc.counts = new Uint32Array(machine.config.cpus);
  desc.counts[cpu] = (desc.counts[cpu] ?? 0) + 1;
  for (let d: IrqData | undefined = desc.data; d; d = d.parent) {
    const ack = d.domain.ops.ack;
    if (ack) {
      ack(d.domain, d, cpu);
      break;
    }
  }
  irqMoveIrq(machine.core, desc);
  return { kind: "handled", cpu, vector };
}
