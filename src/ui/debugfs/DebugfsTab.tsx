/** The debugfs tab: a file picker beside the text of the file it opened. */
import { useWorkerQuery } from "../tables/useWorkerQuery";
import { useDebugfsPath } from "./debugfs-path";
import { FilePicker } from "./FilePicker";
import { FileView } from "./FileView";

export function DebugfsTab() {
  const { path, follow, show, setFollow } = useDebugfsPath();
  const { data: listing, error } = useWorkerQuery("debugfs list", (api) => api.debugfsList());
  return (
    <div className="dbg-wrap" data-testid="debugfs-tab">
      <FilePicker listing={listing} open={path} onOpen={show} />
      <FileView path={path} follow={follow} setFollow={setFollow} />
      {error ? <p className="err">{error}</p> : null}
    </div>
  );
}
