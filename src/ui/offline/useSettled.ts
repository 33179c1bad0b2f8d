/**
 * Whether the workspace has been ready for `ms` without a break: from then on, for good. The service
 * worker is registered only then: its first install fetches and caches the whole build, and on a
 * first visit that took a third of a second of two cores from the machine the user had just chosen.
 */
import { useEffect, useState } from "react";
import { useIrqStore } from "../store-context";

export function useSettled(ms: number): boolean {
  const ready = useIrqStore((s) => s.status === "ready");
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    if (settled || !ready) return;
    const t = setTimeout(() => setSettled(true), ms);
    return () => clearTimeout(t);
  }, [ready, settled, ms]);
  return settled;
}
