/** A button that opens a file in the debugfs tab (and brings the tab up). */
import { useBottomTab } from "../panels/bottom-tab";
import { useDebugfsPath } from "./debugfs-path";

export function OpenInDebugfs({ path, testId }: { path: string; testId?: string }) {
  const show = useDebugfsPath((s) => s.show);
  const open = useBottomTab((s) => s.open);
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
