/**
 * Opens the lesson a `#/lesson/<id>/<step>` link names, once the pane's machine has booted (on load and
 * when the hash changes), and mounts the lesson list.
 */
import { lazy, useEffect } from "react";
import { MountWhenOpened } from "../lazy/MountWhenOpened";
import { useIrqStoreApi } from "../store-context";
import { parseLessonHash } from "./lesson-hash";
import { useLessonController, useLessonState } from "./useLessons";

// The list (a dialog) is fetched when first opened, like the other dialogs: not part of the first script.
const LessonList = lazy(() => import("./LessonList").then((m) => ({ default: m.LessonList })));

export function LessonHost() {
  const store = useIrqStoreApi();
  const c = useLessonController();
  const listOpen = useLessonState((s) => s.listOpen);
  useEffect(() => {
    let cancelled = false;
    const follow = () => {
      const link = parseLessonHash(location.hash);
      if (!link) return;
      const st = c.state.getState();
      if (st.lesson?.id === link.id && st.step === link.step) return;
      const openWhenReady = () => {
        if (cancelled) return;
        if (store.getState().status === "ready" && store.getState().view) {
          void c.open(link.id, link.step);
          return true;
        }
        return false;
      };
      if (openWhenReady()) return;
      const unsubscribe = store.subscribe(() => {
        if (openWhenReady()) unsubscribe();
      });
    };
    follow();
    window.addEventListener("hashchange", follow);
    return () => {
      cancelled = true;
      window.removeEventListener("hashchange", follow);
    };
  }, [store, c]);
  return (
    <MountWhenOpened open={listOpen}>
      <LessonList />
    </MountWhenOpened>
  );
}
