/**
 * The rows a windowed table draws: which row is at the top of its scroller and how many fit, kept up
 * to date on scroll and resize. Every row is `rowHeight` tall; `deps` re-measure when the scroller
 * appears (a table shown only when there is something to list).
 */
import { type UIEvent, useLayoutEffect, useRef, useState } from "react";

export function useRowWindow(rowHeight: number, initialVisible: number, deps: readonly unknown[] = []) {
  const [win, setWin] = useState({ first: 0, visible: initialVisible });
  const scroller = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setWin({ first: Math.floor(el.scrollTop / rowHeight), visible: Math.ceil(el.clientHeight / rowHeight) + 1 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [rowHeight, ...deps]);

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const first = Math.floor(e.currentTarget.scrollTop / rowHeight);
    setWin((w) => (w.first === first ? w : { ...w, first }));
  };

  return { win, scroller, onScroll };
}
