/** The lesson controller of the pane's store (one per store), and hooks on its state. */
import { useStore } from "zustand";
import type { IrqscopeStore } from "../store";
import { useIrqStoreApi } from "../store-context";
import { createLessonController, type LessonController, type LessonState } from "./lesson-controller";

const controllers = new WeakMap<IrqscopeStore, LessonController>();

export function lessonControllerOf(store: IrqscopeStore): LessonController {
  let c = controllers.get(store);
  if (!c) {
    c = createLessonController(store);
    controllers.set(store, c);
  }
  return c;
}

export function useLessonController(): LessonController {
  return lessonControllerOf(useIrqStoreApi());
}

export function useLessonState<T>(selector: (s: LessonState) => T): T {
  return useStore(useLessonController().state, selector);
}
