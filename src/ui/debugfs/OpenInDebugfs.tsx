/** A button that opens a file in the debugfs tab (and brings the tab up). */
import { useIrqStore } from "../store-context";

export function OpenInDebugfs({ path, testId }: { path: string; testId?: string }) {
  const show = useIrqStore((s) => s.showDebugfs);
  const open = useIrqStore((s) => s.openTab);
  return (
    <p className="open-debugfs">
      <button
        type="button"
        className="link"
        data-testid={testId}
        onClick={() => {
          show(path);
          open("debugfs");
        }}
      >
        open {path.replace(/^irq\//, "")} in the debugfs tab
      </button>
    </p>
  );
}
