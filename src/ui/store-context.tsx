/**
 * How components reach their pane's store: a React context, so two panes can each have one. The hooks
 * take selectors like zustand's own `create` hooks (selectors return primitives or use useShallow).
 */
import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { IrqscopeStore, SimState } from "./store";

const StoreContext = createContext<IrqscopeStore | undefined>(undefined);

export function StoreProvider({ store, children }: { store: IrqscopeStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The pane's store itself, for event handlers that read or act on its state now. */
export function useIrqStoreApi(): IrqscopeStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useIrqStore outside a StoreProvider");
  return store;
}

/** A slice of the pane's state; the component renders again when it changes. */
export function useIrqStore<T>(selector: (s: SimState) => T): T {
  return useStore(useIrqStoreApi(), selector);
}
