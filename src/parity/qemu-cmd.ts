/**
 * The machine of a QEMU command line (`qemu-cmd.txt` of a recording): CPUs, the IOMMU and the PCI
 * devices with their options and the slots QEMU gives them (the next free slot of bus 0 from 1,
 * or `addr=`), as scenario devices.
 */
import type { DeviceSpec } from "../scenario/schema";

export interface QemuMachine {
  readonly cpus: number;
  /** `-device intel-iommu,intremap=on`. */
  readonly intremap: boolean;
  readonly devices: DeviceSpec[];
  /** What the model has no device for (reported, never silently dropped). */
  readonly unsupported: string[];
}

/** Splits `driver,a=b,c` into the driver and its options (QEMU's `,,` escape kept as a comma). */
function options(arg: string): [string, Map<string, string>] {
  const parts = arg.split(/(?<!,),(?!,)/).map((p) => p.replace(/,,/g, ","));
  const opts = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    opts.set(eq < 0 ? p : p.slice(0, eq), eq < 0 ? "on" : p.slice(eq + 1));
  }
  return [parts[0] ?? "", opts];
}

/** Shell words: the recordings escape spaces and commas with backslashes (printf %q), quote nothing. */
function words(cmd: string): string[] {
  return cmd
    .trim()
    .split(/(?<!\\)\s+/)
    .map((w) => w.replace(/\\(.)/g, "$1"));
}

export function parseQemuCmd(cmd: string): QemuMachine | string {
  const argv = words(cmd);
  let cpus = 1;
  let intremap = false;
  const devices: DeviceSpec[] = [];
  const unsupported: string[] = [];
  const used = new Set<number>([0]);
  const netQueues = new Map<string, number>();
  const pending: [string, Map<string, string>][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (a === "-smp" && next) {
      const n = Number.parseInt(options(next)[0].replace(/^cpus=/, ""), 10);
      if (!Number.isInteger(n) || n < 1) return `-smp ${next}: not a CPU count`;
      cpus = n;
    } else if (a === "-netdev" && next) {
      const [, o] = options(next);
      const id = o.get("id");
      if (id) netQueues.set(id, Number.parseInt(o.get("queues") ?? "1", 10));
    } else if (a === "-device" && next) {
      pending.push(options(next));
    }
  }
  const slotOf = (o: Map<string, string>): number => {
    const addr = o.get("addr");
    if (addr) {
      const slot = Number.parseInt(addr.split(".")[0] ?? "", 16);
      used.add(slot);
      return slot;
    }
    let slot = 1;
    while (used.has(slot)) slot++;
    used.add(slot);
    return slot;
  };
  const counts = new Map<string, number>();
  const name = (kind: string) => {
    const n = counts.get(kind) ?? 0;
    counts.set(kind, n + 1);
    return n === 0 ? kind : `${kind}${n}`;
  };
  for (const [driver, o] of pending) {
    if (driver === "intel-iommu") {
      intremap = o.get("intremap") === "on";
      continue;
    }
    const bdf = () => `00:${slotOf(o).toString(16).padStart(2, "0")}.0`;
    switch (driver) {
      case "nvme":
        devices.push({
          model: "nvme",
          name: name("nvme"),
          bdf: bdf(),
          max_ioqpairs: Number.parseInt(o.get("max_ioqpairs") ?? "64", 10),
        });
        break;
      case "e1000e":
        devices.push({ model: "e1000e", name: name("e1000e"), bdf: bdf() });
        break;
      case "virtio-net-pci": {
        const mq = o.get("mq") === "on";
        const queues = mq ? (netQueues.get(o.get("netdev") ?? "") ?? 1) : 1;
        devices.push({ model: "virtio-net", name: name("virtio-net"), bdf: bdf(), queue_pairs: queues });
        break;
      }
      case "virtio-blk-pci":
        devices.push({
          model: "virtio-blk",
          name: name("virtio-blk"),
          bdf: bdf(),
          num_queues: Number.parseInt(o.get("num-queues") ?? "0", 10),
        });
        break;
      case "virtio-rng-pci":
        devices.push({ model: "virtio-rng", name: name("virtio-rng"), bdf: bdf() });
        break;
      default:
        unsupported.push(driver);
    }
  }
  return { cpus, intremap, devices, unsupported };
}
