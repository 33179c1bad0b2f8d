/** Linux errno values the model can return (include/uapi/asm-generic/errno*.h). */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENXIO: 6,
  ENOMEM: 12,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  ENOSYS: 38,
  EOVERFLOW: 75,
  ENOTSUPP: 524,
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** A failed kernel call: the errno the kernel returns and a reason a person can read. */
export interface KernelError {
  readonly ok: false;
  readonly errno: ErrnoName;
  readonly reason: string;
}

export function kernelError(errno: ErrnoName, reason: string): KernelError {
  return { ok: false, errno, reason };
}

/** `-ENOSPC` style text, as the kernel's callers print it. */
export function errnoText(errno: ErrnoName): string {
  return `-${ERRNO[errno]} ${errno}`;
}
