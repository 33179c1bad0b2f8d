/**
 * The machine changes in the Steps tab: the sessions on earlier machines (each one jump away), how
 * the current one began (which steps the new machine refused), and the machines ahead after an undo.
 */
import { machineText } from "../history";
import { stepText } from "../store";
import { useIrqStore } from "../store-context";

export function MachinesBefore() {
  const earlier = useIrqStore((s) => s.earlier);
  const began = useIrqStore((s) => s.began);
  const goToEpoch = useIrqStore((s) => s.goToEpoch);
  const ready = useIrqStore((s) => s.status === "ready");
  if (earlier.length === 0 && !began) return null;
  return (
    <div className="machine-history" data-testid="machines-before">
      {earlier.length > 0 ? (
        <ol className="epochs">
          {earlier.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the earlier machines are a fixed list until the next change
            <li key={i}>
              <button
                type="button"
                className="link"
                disabled={!ready}
                onClick={() => void goToEpoch(i - earlier.length)}
                aria-label={`go back to the machine with ${machineText(e.base.machine)}`}
              >
                go
              </button>{" "}
              earlier machine: {machineText(e.base.machine)}, {e.steps.length} steps
              {e.began ? ` (after ${e.began.label})` : ""}
            </li>
          ))}
        </ol>
      ) : null}
      {began ? (
        <p className="epoch-began" data-testid="epoch-began">
          Now: <strong>{began.label}</strong>
          {began.refused.length === 0 ? (
            began.changed?.length ? (
              " — every step was kept, some with another outcome (below)."
            ) : (
              " — every step was kept, each with the same interrupt and outcome."
            )
          ) : (
            <>
              {" "}
              — {began.refused.length} step{began.refused.length > 1 ? "s" : ""} refused by this machine (undo brings
              them back):
            </>
          )}
        </p>
      ) : null}
      {began?.changed?.length ? (
        <>
          <p className="epoch-changed">
            {began.changed.length} kept step{began.changed.length > 1 ? "s" : ""} changed on this machine:
          </p>
          <ul className="refused mono" data-testid="changed-steps">
            {began.changed.map((c) => (
              <li key={c.n} className="silent">
                #{c.n + 1} {c.what}: {c.changes.join("; ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {began && began.refused.length > 0 ? (
        <ul className="refused mono" data-testid="refused-steps">
          {began.refused.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
            <li key={i} className="err">
              {stepText(r.step)} → refused: {r.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function MachinesAfter() {
  const later = useIrqStore((s) => s.later);
  const goToEpoch = useIrqStore((s) => s.goToEpoch);
  const ready = useIrqStore((s) => s.status === "ready");
  if (later.length === 0) return null;
  return (
    <ol className="epochs machine-history" data-testid="machines-after">
      {later.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the later machines are a fixed list until the next change
        <li key={i} className="undone">
          <button
            type="button"
            className="link"
            disabled={!ready}
            onClick={() => void goToEpoch(i + 1)}
            aria-label={`go forward to the machine with ${machineText(e.base.machine)}`}
          >
            go
          </button>{" "}
          {e.began?.label ?? "machine"}: {machineText(e.base.machine)}, {e.steps.length} steps (undone)
        </li>
      ))}
    </ol>
  );
}
