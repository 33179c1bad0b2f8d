/** /sys/kernel/debug/irq/irqs/N and domains/NAME (kernel/irq/debugfs.c, irqdomain.c). */
import type { IrqCore } from "./core";
import { IRQD, IRQD_DEBUGFS_ORDER, type IrqDesc } from "./irqdesc";
import { IRQ_DOMAIN_FLAG, IRQCHIP, type IrqData, type IrqDomain } from "./irqdomain";

/** The irq_chip flags debugfs names (irqchip_flags in kernel/irq/debugfs.c), in its order. */
const IRQCHIP_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ["IRQCHIP_SKIP_SET_WAKE", IRQCHIP.SKIP_SET_WAKE],
  ["IRQCHIP_ONESHOT_SAFE", IRQCHIP.ONESHOT_SAFE],
  ["IRQCHIP_MOVE_DEFERRED", IRQCHIP.MOVE_DEFERRED],
];

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** irq_debug_show_bits(): the names of the set bits, each on its own line at ind + 12. */
function showBits(ind: number, value: number, names: readonly (readonly [string, number])[]): string[] {
  return names.filter(([, bit]) => (value & bit) !== 0).map(([name]) => `${" ".repeat(ind + 12)}${name}`);
}

/** mirrors irq_debug_show_data(): one level, then its parent four columns deeper. */
function showData(data: IrqData, ind: number): string[] {
  const pad = " ".repeat(ind);
  const lines = [
    `${pad}domain:  ${data.domain.name}`,
    `${pad} hwirq:   0x${data.hwirq.toString(16)}`,
    `${pad} chip:    ${data.chip}`,
    `${pad}  flags:   0x${data.domain.chipFlags.toString(16)}`,
    ...showBits(ind + 1, data.domain.chipFlags, IRQCHIP_FLAG_NAMES),
  ];
  const show = data.domain.ops.debugShow;
  if (show) lines.push(...show(data.domain, data, ind + 1));
  if (data.parent) lines.push(`${pad} parent:`, ...showData(data.parent, ind + 4));
  return lines;
}

const IRQS_ONESHOT = 0x20;
const IRQ_NOPROBE = 0x400;

/** desc->status_use_accessors: the irq_settings bits, which the IRQD bits below mirror. */
function irqSettingsStatus(desc: IrqDesc): number {
  return (
    (desc.has(IRQD.LEVEL) ? 0x100 : 0) |
    (desc.noProbe ? IRQ_NOPROBE : 0) |
    (desc.has(IRQD.NO_BALANCING) ? 0x2000 : 0) |
    (desc.has(IRQD.MOVE_PCNTXT) ? 0x4000 : 0)
  );
}

/** mirrors irq_debug_show(): the descriptor, then the hierarchy from the outermost level inward. */
export function irqDebugShow(core: IrqCore, irq: number): string | undefined {
  const desc = core.descs.desc(irq);
  if (!desc) return undefined;
  // An 8259 irq: a chip without a domain (irq_data.domain NULL prints an empty name).
  const levels = desc.data
    ? showData(desc.data, 0)
    : desc.legacyChip
      ? ["domain:  ", " hwirq:   0x0", ` chip:    ${desc.legacyChip}`, "  flags:   0x0"]
      : undefined;
  if (!levels) return undefined;
  const status = irqSettingsStatus(desc);
  const istate = desc.oneshot ? IRQS_ONESHOT : 0;
  const lines = [
    `handler:  ${desc.handler}`,
    `device:   ${desc.devName || "(null)"}`,
    `status:   ${hex8(status)}`,
    ...showBits(0, status, [["_IRQ_NOPROBE", IRQ_NOPROBE]]),
    // IRQS_SYSFS: set on every irq allocated after sysfs came up; debugfs has no name for it.
    `istate:   ${hex8(0x4000 | istate)}`,
    ...showBits(0, istate, [["IRQS_ONESHOT", IRQS_ONESHOT]]),
    `ddepth:   ${desc.depth}`,
    "wdepth:   0",
    `dstate:   ${hex8(desc.state)}`,
    ...showBits(0, desc.state, IRQD_DEBUGFS_ORDER),
    `node:     ${desc.node}`,
    `affinity: ${desc.affinity.toList()}`,
    `effectiv: ${desc.effective.toList()}`,
    `pending:  ${desc.pendingMask.toList()}`,
    ...levels,
  ];
  return `${lines.join("\n")}\n`;
}

const DOMAIN_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ["IRQ_DOMAIN_FLAG_HIERARCHY", IRQ_DOMAIN_FLAG.HIERARCHY],
  ["IRQ_DOMAIN_NAME_ALLOCATED", IRQ_DOMAIN_FLAG.NAME_ALLOCATED],
  ["IRQ_DOMAIN_FLAG_MSI", IRQ_DOMAIN_FLAG.MSI],
  ["IRQ_DOMAIN_FLAG_ISOLATED_MSI", IRQ_DOMAIN_FLAG.ISOLATED_MSI],
  ["IRQ_DOMAIN_FLAG_MSI_PARENT", IRQ_DOMAIN_FLAG.MSI_PARENT],
  ["IRQ_DOMAIN_FLAG_MSI_DEVICE", IRQ_DOMAIN_FLAG.MSI_DEVICE],
];

/** mirrors irq_domain_debug_show_one(): the domain, its own lines, then its parent four columns deeper. */
function showDomain(domain: IrqDomain, ind: number): string[] {
  const pad = " ".repeat(ind);
  const lines = [
    `${pad}name:   ${domain.name}`,
    `${pad} size:   ${domain.size}`,
    `${pad} mapped: ${domain.mapped}`,
    `${pad} flags:  ${hex8(domain.flags)}`,
    ...showBits(ind, domain.flags, DOMAIN_FLAG_NAMES),
  ];
  const show = domain.ops.debugShow;
  if (show) lines.push(...show(domain, undefined, ind + 1));
  if (domain.parent) lines.push(`${pad} parent: ${domain.parent.name}`, ...showDomain(domain.parent, ind + 4));
  return lines;
}

export function domainDebugShow(domain: IrqDomain): string {
  return `${showDomain(domain, 0).join("\n")}\n`;
}
