/** Shown when the simulator worker fails: says what happened and offers a restart that replays the session. */
import { useIrqStore } from "../store-context";

export function FailureBanner() {
  const failure = useIrqStore((s) => s.failure);
  const restart = useIrqStore((s) => s.restart);
  if (!failure) return null;
  return (
    <div className="failure" role="alert" data-testid="worker-failure">
      <strong>The simulator stopped:</strong> {failure}
      <button type="button" onClick={() => void restart()}>
        Restart and replay
      </button>
    </div>
  );
}
