/**
 * A callback whose identity never changes but which always runs the latest `fn` (React's proposed
 * useEffectEvent, for handlers). React Flow hands a handler prop to every node and edge: a new
 * function per render redraws all of them, where only the changed ones need it.
 */
import { useCallback, useLayoutEffect, useRef } from "react";

export function useLatestCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
