/**
 * The guest's vCPUs as KVM runs them: each a host thread on a host CPU, each with its VT-d
 * posted-interrupt descriptor (struct pi_desc in struct vcpu_vmx, 64-byte aligned).
 */

/** Where the model places the vCPUs' pi_desc: one 64-byte descriptor each, above 4 GiB. */
const PI_DESC_BASE = 0x1_0000_0000;
const PI_DESC_SIZE = 64;

export class KvmVcpus {
  constructor(
    readonly count: number,
    private readonly hostCpus: number,
  ) {}

  /** The host CPU the vCPU thread runs on: vCPU i pinned to host CPU i mod the host's CPUs. */
  hostCpuOf(vcpu: number): number {
    return vcpu % this.hostCpus;
  }

  /** mirrors __pa(&vmx->pi_desc): the vCPU's posted-interrupt descriptor. */
  piDescAddr(vcpu: number): number {
    return PI_DESC_BASE + vcpu * PI_DESC_SIZE;
  }

  /** The vCPU whose descriptor sits at `addr`, if any. */
  vcpuOfPiDesc(addr: number): number | undefined {
    const off = addr - PI_DESC_BASE;
    if (off < 0 || off % PI_DESC_SIZE !== 0) return undefined;
    const vcpu = off / PI_DESC_SIZE;
    return vcpu < this.count ? vcpu : undefined;
  }
}
