/** The page: the workspace, or compare mode while a compare is open (the workspace's store stays as it was). */
import type { ReactNode } from "react";
import { useIrqStoreApi } from "../store-context";
import { CompareView } from "./CompareView";
import { useCompare } from "./compare-context";

export function Workspaces({ children }: { children: ReactNode }) {
  const open = useCompare((s) => s.status !== "closed");
  const workspace = useIrqStoreApi();
  return open ? <CompareView workspace={() => workspace.getState().scenario()} /> : children;
}
