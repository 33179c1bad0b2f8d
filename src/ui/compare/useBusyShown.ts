/**
 * Whether the compare's busy state is drawn: only once a move or an open has taken BUSY_SHOWN_MS. A step
 * answers well within it, and disabling the bar's controls and enabling them again cost the page two
 * restyles and layouts of the bar (its machine menu's options with it) per step. Moves made meanwhile
 * are queued (compare-store's goTo, goBy), so a control left enabled for those milliseconds is safe.
 */
import { useEffect, useState } from "react";
import { useCompare } from "./compare-context";

const BUSY_SHOWN_MS = 250;

export function useBusyShown(): boolean {
  const busy = useCompare((s) => s.status !== "ready");
  const [shown, setShown] = useState(busy);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      return;
    }
    const t = setTimeout(() => setShown(true), BUSY_SHOWN_MS);
    return () => clearTimeout(t);
  }, [busy]);
  return busy && shown;
}
