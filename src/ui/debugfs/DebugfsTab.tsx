/**
 * The debugfs tab: a file picker beside the text of the file it opened. On a kernel built without
 * CONFIG_GENERIC_IRQ_DEBUGFS (a distribution kernel) it says so: a real machine would have no
 * /sys/kernel/debug/irq; the files are still shown, as what the model would print.
 */
import { useIrqStore } from "../store-context";
import { useWorkerQuery } from "../tables/useWorkerQuery";
import { FilePicker } from "./FilePicker";
import { FileView } from "./FileView";

export function DebugfsTab() {
  const path = useIrqStore((s) => s.debugfsPath);
  const follow = useIrqStore((s) => s.debugfsFollow);
  const show = useIrqStore((s) => s.showDebugfs);
  const setFollow = useIrqStore((s) => s.setDebugfsFollow);
  const { data: listing, error } = useWorkerQuery("debugfs list", (api) => api.debugfsList());
  const built = useIrqStore((s) => s.base?.machine.kconfig.GENERIC_IRQ_DEBUGFS ?? true);
  return (
    <div className="dbg-outer">
      {built ? null : (
        <p className="dbg-absent" data-testid="debugfs-absent">
          This kernel is built without <code>CONFIG_GENERIC_IRQ_DEBUGFS</code>, as distribution kernels are: a real
          machine has no <code>/sys/kernel/debug/irq</code>. Below is what it would print if it had; turn it on in the
          machine knobs to model such a build.
        </p>
      )}
      <div className="dbg-wrap" data-testid="debugfs-tab">
        <FilePicker listing={listing} open={path} onOpen={show} />
        <FileView path={path} follow={follow} setFollow={setFollow} />
        {error ? <p className="err">{error}</p> : null}
      </div>
    </div>
  );
}
