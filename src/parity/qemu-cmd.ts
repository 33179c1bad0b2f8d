/**
 * The machine of a QEMU command line (`qemu-cmd.txt` of a recording): CPUs, the IOMMU and the PCI
 * devices with their options and the slots QEMU gives them (the next free slot of bus 0 from 1,
 * or `addr=`), as scenario devices.
 */
import * as v from "valibot";
import { DEVICE_MODULES, modelName } from "../devices/registry";
import { DeviceSchema, type DeviceSpec } from "../scenario/schema";

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
    const m = DEVICE_MODULES.find((x) => x.qemu?.device === driver);
    if (!m?.qemu) {
      unsupported.push(driver);
      continue;
    }
    const model = modelName(m);
    const bdf = `00:${slotOf(o).toString(16).padStart(2, "0")}.0`;
    const options = m.qemu.options({ options: o, netdevQueues: (id) => netQueues.get(id) });
    // The registry's QEMU mapping gives the model's own fields; the schema fills the defaults.
    const spec = v.safeParse(DeviceSchema, { model, name: name(model), bdf, ...options });
    if (!spec.success) return `-device ${driver}: ${spec.issues[0]?.message ?? "not a device the model has"}`;
    devices.push(spec.output);
  }
  return { cpus, intremap, devices, unsupported };
}
