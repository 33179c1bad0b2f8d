/**
 * Asks the worker one question for a panel and asks again whenever the worker answers a command:
 * the panels below query only what they show, instead of the store carrying whole tables.
 */
import { useEffect, useRef, useState } from "react";
import type { SessionClient } from "../../worker/api";
import { useIrqStore } from "../store-context";

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  /**
   * Whether the answer for this key and view is still awaited (`data` may be an older answer): panels
   * show it as aria-busy, which is also what tests wait on before reading them.
   */
  readonly pending: boolean;
}

interface Answer<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  /** What the answer was asked for. */
  readonly key: string | undefined;
  readonly view: unknown;
}

/**
 * Runs `run` when `key` changes and after every new view. The view object, not `view.version`, is
 * the trigger: loading a scenario (also undo and jumping in the timeline) starts a new session
 * whose version counts from 0 again. Answers to superseded questions are dropped.
 */
export function useWorkerQuery<T>(key: string, run: (api: SessionClient) => Promise<T> | T): QueryState<T> {
  const view = useIrqStore((s) => s.view);
  const ready = useIrqStore((s) => s.status === "ready");
  const api = useIrqStore((s) => s.client);
  const latest = useRef(run);
  latest.current = run;
  const [state, setState] = useState<Answer<T>>({ data: undefined, error: undefined, key: undefined, view: undefined });
  useEffect(() => {
    if (!view || !ready || !api) return;
    let live = true;
    Promise.resolve()
      .then(() => latest.current(api))
      .then((data) => {
        if (live) setState({ data, error: undefined, key, view });
      })
      .catch((e: unknown) => {
        if (live)
          setState((s) => ({
            data: s.data,
            error: `${key}: ${e instanceof Error ? e.message : String(e)}`,
            key,
            view,
          }));
      });
    return () => {
      live = false;
    };
  }, [key, view, ready, api]);
  return { data: state.data, error: state.error, pending: state.key !== key || state.view !== view };
}
