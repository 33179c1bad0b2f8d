/** Time in jiffies, and a button to let one pass (the v6.6+ vector cleanup timers fire on it). */
import { useIrqStore } from "../store-context";

export function ClockControl() {
  const jiffies = useIrqStore((s) => s.view?.jiffies ?? 0);
  const pending = useIrqStore((s) => s.view?.cpus.filter((c) => c.timerExpires >= 0).length ?? 0);
  const apply = useIrqStore((s) => s.apply);
  const ready = useIrqStore((s) => s.status === "ready");
  return (
    <div className="clock">
      <span className="mono" data-testid="jiffies">
        jiffies {jiffies}
      </span>
      <span className="clock-timers">{pending ? `${pending} cleanup timer(s) armed` : "no timers armed"}</span>
      <button type="button" disabled={!ready} onClick={() => void apply({ op: "tick" })} data-testid="tick">
        Tick
      </button>
    </div>
  );
}
