/** How the compare view and the workspace's Compare button reach the page's one compare controller. */
import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { CompareState, CompareStore } from "./compare-store";

const CompareContext = createContext<CompareStore | undefined>(undefined);

export function CompareProvider({ store, children }: { store: CompareStore; children: ReactNode }) {
  return <CompareContext.Provider value={store}>{children}</CompareContext.Provider>;
}

export function useCompareApi(): CompareStore | undefined {
  return useContext(CompareContext);
}

export function useCompare<T>(selector: (s: CompareState) => T): T {
  const store = useContext(CompareContext);
  if (!store) throw new Error("useCompare outside a CompareProvider");
  return useStore(store, selector);
}
