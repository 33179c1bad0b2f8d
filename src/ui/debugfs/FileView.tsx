/**
 * One debugfs file's text, asked of the worker again after every command (the file follows the
 * model). Windowed by lines: ir_translation_struct on a big machine has tens of thousands.
 */
import { type UIEvent, useLayoutEffect, useRef, useState } from "react";
import { useWorkerQuery } from "../tables/useWorkerQuery";

const DEBUGFS_ROOT = "/sys/kernel/debug";

/** Must match .dbg-text's line-height in styles.css. */
const LINE_HEIGHT = 18;
/** Lines asked for above and below the visible ones. */
const MARGIN = 100;

export function FileView({ path, follow, setFollow }: { path: string; follow: boolean; setFollow(on: boolean): void }) {
  const [win, setWin] = useState({ first: 0, visible: 30 });
  const scroller = useRef<HTMLElement>(null);
  const from = Math.max(0, Math.floor((win.first - MARGIN) / MARGIN) * MARGIN);
  const count = win.visible + 3 * MARGIN;
  const { data, error, pending } = useWorkerQuery(`debugfs ${path} ${from}+${count}`, async (api) => ({
    path,
    page: await api.debugfsFile(path, from, count),
  }));
  // An answer about another file (the one shown before) is not this file's.
  const answer = data?.path === path ? data : undefined;
  const page = answer?.page;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setWin({ first: Math.floor(el.scrollTop / LINE_HEIGHT), visible: Math.ceil(el.clientHeight / LINE_HEIGHT) + 1 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Another file starts at its top.
  useLayoutEffect(() => {
    if (scroller.current && path) scroller.current.scrollTop = 0;
  }, [path]);

  const lines = page?.window ?? [];
  return (
    <figure className="dbg-file" aria-labelledby="dbg-file-path">
      <figcaption className="dbg-caption">
        <span className="mono" id="dbg-file-path" data-testid="debugfs-path">
          {DEBUGFS_ROOT}/{path}
        </span>
        <span className="muted">{page ? `${page.lines.toLocaleString("en")} lines` : ""}</span>
        <label className="check" title="show the file of the irq, domain or CPU selected in the inspector">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setFollow(e.target.checked)}
            data-testid="debugfs-follow"
          />
          follow the selection
        </label>
      </figcaption>
      {error ? <p className="err">{error}</p> : null}
      {answer && !page ? (
        <p className="empty" data-testid="debugfs-missing">
          No such file: the model has no {path} (any more).
        </p>
      ) : null}
      <section
        className="dbg-text-scroll"
        ref={scroller}
        onScroll={(e: UIEvent<HTMLElement>) => {
          const first = Math.floor(e.currentTarget.scrollTop / LINE_HEIGHT);
          setWin((w) => (w.first === first ? w : { ...w, first }));
        }}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs the focus to scroll by keyboard
        tabIndex={0}
        aria-label={`contents of ${path}`}
      >
        <pre
          className="mono dbg-text"
          style={{ height: (page?.lines ?? 0) * LINE_HEIGHT }}
          data-testid="debugfs-text"
          aria-busy={pending}
        >
          {page ? <code style={{ top: page.from * LINE_HEIGHT }}>{lines.join("\n")}</code> : null}
        </pre>
      </section>
    </figure>
  );
}
