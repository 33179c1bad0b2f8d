/**
 * The event log tab: tracepoint-style lines, filtered in the worker and windowed here (only the
 * lines in view are asked for and drawn). It follows the newest line like `tail -f` until the user
 * scrolls up, and again once they scroll back to the end.
 */
import { type UIEvent, useLayoutEffect, useRef, useState } from "react";
import { create } from "zustand";
import type { LogLine } from "../../sim/log-query";
import { useWorkerQuery } from "../tables/useWorkerQuery";
import { type FilterInputs, isFiltered, LogFilters, NO_FILTER, toFilter } from "./LogFilters";

/** The filters outlive the tab: switching to another tab and back keeps them. */
const useLogFilter = create<{ filter: FilterInputs; set(f: FilterInputs): void }>()((set) => ({
  filter: NO_FILTER,
  set: (filter) => set({ filter }),
}));

/** Must match .event-log li's height in styles.css. */
const LINE_HEIGHT = 18;
/** Lines asked for above and below the visible ones, in steps of this many. */
const MARGIN = 60;

function lineClass(l: LogLine): string {
  if (l.category === "error") return l.part === 0 ? "ev-error" : "ev-explain";
  if (l.category === "step") return "ev-result";
  if (l.category === "kernel") return "ev-warn";
  return `ev-${l.category}`;
}

export function EventLog() {
  const filter = useLogFilter((s) => s.filter);
  const setFilter = useLogFilter((s) => s.set);
  const [win, setWin] = useState({ first: 0, visible: 12 });
  const [follow, setFollow] = useState(true);
  const scroller = useRef<HTMLElement>(null);
  const asked = toFilter(filter);
  const from = follow ? "tail" : Math.max(0, Math.floor((win.first - MARGIN) / MARGIN) * MARGIN);
  const count = win.visible + (follow ? MARGIN : 3 * MARGIN);
  const { data, error, pending } = useWorkerQuery(`log ${JSON.stringify(asked)} ${from}+${count}`, (api) =>
    api.eventLog({ filter: asked, from, count }),
  );
  const lines = data?.lines ?? 0;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setWin((w) => ({ ...w, visible: Math.ceil(el.clientHeight / LINE_HEIGHT) + 1 }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // While following, every answer scrolls to the newest line.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && el && data) el.scrollTop = el.scrollHeight;
  }, [follow, data]);

  const onScroll = (e: UIEvent<HTMLElement>) => {
    const el = e.currentTarget;
    const first = Math.floor(el.scrollTop / LINE_HEIGHT);
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - LINE_HEIGHT;
    setWin((w) => (w.first === first ? w : { ...w, first }));
    if (atEnd !== follow) setFollow(atEnd);
  };

  const changeFilter = (f: FilterInputs) => {
    setFilter(f);
    setFollow(true);
  };

  return (
    <div className="log-wrap">
      <LogFilters value={filter} onChange={changeFilter} counts={data?.counts} />
      <p className="log-count muted" aria-live="polite" data-testid="log-count">
        {data
          ? `showing ${data.matched.toLocaleString("en")} of ${data.held.toLocaleString("en")} events` +
            (data.dropped > 0 ? ` (the ${data.dropped.toLocaleString("en")} oldest were dropped)` : "") +
            (follow ? "" : " · scrolled back: scroll to the end to follow new lines")
          : ""}
        {error ? <span className="err"> {error}</span> : null}
      </p>
      <section
        className="log-scroll"
        ref={scroller}
        onScroll={onScroll}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs the focus to scroll by keyboard
        tabIndex={0}
        aria-label="event log lines"
      >
        {data && data.matched === 0 ? (
          <p className="empty">{isFiltered(filter) ? "No line matches these filters." : "Nothing logged yet."}</p>
        ) : null}
        <ol
          className="mono event-log"
          data-testid="event-log"
          aria-busy={pending}
          aria-label="event log"
          style={{ height: lines * LINE_HEIGHT }}
        >
          {(data?.window ?? []).map((l, i) => (
            <li
              key={`${l.seq}.${l.part}`}
              className={lineClass(l)}
              style={{ top: ((data?.from ?? 0) + i) * LINE_HEIGHT }}
              data-errno={l.part === 0 ? l.errno : undefined}
            >
              {l.text}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
