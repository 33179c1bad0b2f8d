/** The workspace's way into compare mode: the current scenario on the old scheme and on the new. */
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { useCompareApi } from "./compare-context";

export function OpenCompareButton() {
  const compare = useCompareApi();
  const store = useIrqStoreApi();
  const ready = useIrqStore((s) => s.status === "ready" && s.imported === undefined);
  if (!compare) return null;
  const onOpen = async () => {
    const scenario = store.getState().scenario();
    if (!scenario) return;
    if (await compare.getState().open(scenario, scenario.title || "the workspace's scenario")) return;
    // Refused (a machine a scheme cannot boot): said on the workspace's result line, nothing changes.
    const reason = compare.getState().message ?? "the compare could not run";
    store.setState({ lastResult: { command: "compare old | new", result: { ok: false, errno: "EINVAL", reason } } });
  };
  return (
    <button
      type="button"
      onClick={() => void onOpen()}
      disabled={!ready}
      title="Run this machine and script on the old scheme and on the new, side by side"
      data-testid="open-compare"
    >
      Compare old | new
    </button>
  );
}
