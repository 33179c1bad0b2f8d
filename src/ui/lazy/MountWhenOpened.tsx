/** Mounts its children the first time `open` is true (their code is fetched then) and keeps them mounted. */
import { type ReactNode, Suspense, useState } from "react";

export function MountWhenOpened({ open, children }: { open: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  // Derived in render, as React allows: the first open mounts, closing keeps what the user typed.
  if (open && !opened) setOpened(true);
  return opened ? <Suspense fallback={null}>{children}</Suspense> : null;
}
