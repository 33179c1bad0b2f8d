/**
 * The device side of this slice: a block of irqs allocated straight from the VECTOR domain and
 * initialised the way the MSI core's msi_init_virq() does it for each kind of user. The message
 * stores themselves (PCI MSI-X, IMS, …) come with the MSI domains.
 */
import type { CpuMask } from "../kernel/cpumask";
import { type KernelError, kernelError } from "../kernel/errno";
import { irqCreateAffinityMasks } from "../kernel/irq/affinity";
import { IRQD } from "../kernel/irq/irqdesc";
import {
  type IrqAffinityDesc,
  type IrqAllocInfo,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
} from "../kernel/irq/irqdomain";
import type { Machine } from "../kernel/machine";

/**
 * How the irqs of a block are set up:
 * - `reserve`: reservation mode, as PCI MSI-X: a promise at allocation, the vector at request_irq();
 * - `managed`: kernel-managed affinity spread over the CPU list (as a multi-queue driver asks);
 * - `immediate`: no reservation mode (IMS, non-maskable MSI): a real vector at allocation;
 * - `fixed`: a fixed target CPU list (irq_alloc_info.mask), a vector at once.
 */
export type IrqKind = "reserve" | "managed" | "immediate" | "fixed";
export const IRQ_KINDS: readonly IrqKind[] = ["reserve", "managed", "immediate", "fixed"];

export interface IrqBlock {
  readonly first: number;
  readonly count: number;
  readonly kind: IrqKind;
  readonly name: string;
}

export interface BlockRequest {
  readonly count: number;
  readonly kind: IrqKind;
  /** The CPU list: the spread of managed irqs, the target of fixed ones, the affinity of the others. */
  readonly cpus: CpuMask | undefined;
  readonly name: string;
  /** IRQD_MOVE_PCNTXT: affinity changes apply at once instead of at the next interrupt. */
  readonly pcntxt: boolean;
}

/** The NUMA node of the model's devices (one node holds every CPU). */
const DEVICE_NODE = 0;

/**
 * Allocates and initialises a block. Like msi_domain_alloc_irqs(), a failure part way frees the
 * whole block and returns the error.
 */
export function allocIrqBlock(machine: Machine, req: BlockRequest): IrqBlock | KernelError {
  const { descs, vector } = machine;
  let affinity: IrqAffinityDesc[] | undefined;
  const info: { mask?: CpuMask } = {};
  if (req.kind === "managed") {
    const cpus = req.cpus ?? machine.online.copy();
    affinity = irqCreateAffinityMasks(req.count, cpus);
  } else if (req.kind === "fixed") {
    if (!req.cpus) return kernelError("EINVAL", "a fixed target needs a CPU list");
    info.mask = req.cpus;
  } else if (req.cpus) {
    const mask = req.cpus;
    affinity = Array.from({ length: req.count }, () => ({ mask, isManaged: false }));
  }
  const first = irqDomainAllocIrqs(descs, vector.domain, req.count, info as IrqAllocInfo, affinity, DEVICE_NODE);
  if (typeof first !== "number") return first;
  const block: IrqBlock = { first, count: req.count, kind: req.kind, name: req.name };
  for (let irq = first; irq < first + req.count; irq++) {
    const desc = descs.desc(irq);
    if (!desc?.data) continue;
    desc.handler = "handle_edge_irq";
    desc.flowName = "edge";
    desc.devName = req.name;
    if (req.pcntxt) desc.set(IRQD.MOVE_PCNTXT);
    const err = initVirq(req.kind, desc.data);
    if (err) {
      freeIrqBlock(machine, block);
      return err;
    }
  }
  return block;
}

/**
 * mirrors msi_init_virq(): with reservation mode (PCI) the irq is activated onto the parking vector
 * and IRQD_ACTIVATED dropped so request_irq() activates it for real; without it, the can-reserve
 * flag is cleared and the irq is activated now.
 */
function initVirq(kind: IrqKind, data: Parameters<typeof irqDomainActivateIrq>[0]): KernelError | undefined {
  const desc = data.desc;
  if (kind === "reserve" || kind === "managed") {
    const err = irqDomainActivateIrq(data, true);
    if (err) return err;
    desc.clear(IRQD.ACTIVATED);
    return undefined;
  }
  desc.clear(IRQD.CAN_RESERVE);
  return irqDomainActivateIrq(data, false);
}

/** mirrors msi_domain_free_irqs(): activated irqs are deactivated, then the hierarchy frees them. */
export function freeIrqBlock(machine: Machine, block: IrqBlock): void {
  for (let irq = block.first; irq < block.first + block.count; irq++) {
    const data = machine.descs.desc(irq)?.data;
    if (data?.desc.has(IRQD.ACTIVATED)) irqDomainDeactivateIrq(data);
  }
  irqDomainFreeIrqs(machine.descs, block.first, block.count);
}
