/** Files dropped anywhere on the page: a scenario loads, what a machine printed is imported. */
import { useEffect } from "react";
import { readFiles } from "./import-input";
import { useImportInput } from "./useImportInput";

export function useFileDrop(): void {
  const importInput = useImportInput();
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const files = e.dataTransfer?.files;
      // A drop the paste box already took (it prevents the default) is not imported twice.
      if (!files || files.length === 0 || e.defaultPrevented) return;
      e.preventDefault();
      void readFiles(files).then(importInput);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("drop", drop);
    };
  }, [importInput]);
}
