/** What a scenario's machine asks of the kernel model: the platform a bare-metal machine or a guest boots. */
import type { PlatformConfig } from "../kernel/platform";
import { kernelConfigOf, type MachineSpec } from "../scenario/schema";

export function platformConfigOf(m: MachineSpec): PlatformConfig {
  return {
    cpus: m.cpus,
    kernel: m.kernel,
    legacyPic: true,
    ir: m.ir === "on",
    x2apic: m.x2apic,
    kconfig: kernelConfigOf(m.kconfig),
    scheme: m.scheme,
    board: m.board,
    devices: m.devices,
  };
}
