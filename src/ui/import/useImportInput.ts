/** One way in for the Import button, the paste box and a drop: a scenario loads, a dump imports. */
import { useCallback } from "react";
import { useIrqStoreApi } from "../store-context";
import { type InputFile, inputLabel, routeInput } from "./import-input";

export function useImportInput(): (files: readonly InputFile[]) => Promise<boolean> {
  const store = useIrqStoreApi();
  return useCallback(
    async (files) => {
      if (files.length === 0) return false;
      const route = routeInput(files);
      const s = store.getState();
      if (route.kind === "scenario") return s.load(route.file.text, route.file.name);
      return s.importDump(route.files, inputLabel(route.files));
    },
    [store],
  );
}
