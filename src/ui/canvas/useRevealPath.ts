/**
 * Selecting an irq opens every fold its path goes through, once per path: the path is there to show
 * each level. A user who folds part of it again while it is selected sees the fold lit instead.
 */
import { useEffect, useRef } from "react";
import type { DomainTreeView } from "../../sim/domain-tree";
import type { IrqDetail } from "../../sim/irq-detail";
import { useIrqStore } from "../store-context";
import { foldsHiding } from "./fold";

export function useRevealPath(tree: DomainTreeView | undefined, detail: IrqDetail | undefined): void {
  const collapsed = useIrqStore((s) => s.collapsed);
  const setCollapsed = useIrqStore((s) => s.setCollapsed);
  const revealed = useRef("");
  const pathKey = detail ? `${detail.irq}:${detail.path.join("|")}` : "";
  useEffect(() => {
    if (!detail) revealed.current = "";
    if (!tree || !detail || revealed.current === pathKey) return;
    revealed.current = pathKey;
    const hiding = foldsHiding(tree, collapsed, detail.path);
    if (hiding.length) void setCollapsed(collapsed.filter((id) => !hiding.includes(id)));
  }, [pathKey, tree, detail, collapsed, setCollapsed]);
}
