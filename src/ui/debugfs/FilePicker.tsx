/**
 * The debugfs file picker: a search box over every file the model renders (tens of thousands of
 * irqs/N on a big machine), a directory choice, and a windowed list box. Keyboard: type to search,
 * ↑/↓ and PageUp/PageDown move through the matches, Enter opens one (pressed before the listing came,
 * the active match once it comes), Escape clears the search.
 * The search box is a combobox over the list box; the list box also takes the keys when it has the focus.
 */
import {
  type CSSProperties,
  type KeyboardEvent,
  type UIEvent,
  useDeferredValue,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { DebugfsListing } from "../../sim/debugfs-files";

/** Must match .dbg-option's height in styles.css. */
const ROW_HEIGHT = 22;
const DRAWN_MARGIN = 10;

export interface PickerEntry {
  readonly path: string;
  readonly dir: string;
  readonly name: string;
}

/** Every file, in the picker's order: domains (hierarchy order, then default), irqs ascending, the rest. */
export function pickerEntries(l: DebugfsListing | undefined): PickerEntry[] {
  if (!l) return [];
  const out: PickerEntry[] = l.domains.map((name) => ({ path: `irq/domains/${name}`, dir: "irq/domains", name }));
  for (const irq of l.irqs) out.push({ path: `irq/irqs/${irq}`, dir: "irq/irqs", name: String(irq) });
  for (const path of l.others) {
    const cut = path.lastIndexOf("/");
    out.push({ path, dir: path.slice(0, cut), name: path.slice(cut + 1) });
  }
  return out;
}

/** The entries matching `query` (case-insensitive): exact file names first, then names starting with it, then the rest. */
export function searchEntries(entries: readonly PickerEntry[], query: string, dir: string): PickerEntry[] {
  const q = query.trim().toLowerCase();
  const inDir = dir ? entries.filter((e) => e.dir === dir) : entries;
  if (!q) return [...inDir];
  const exact: PickerEntry[] = [];
  const prefix: PickerEntry[] = [];
  const rest: PickerEntry[] = [];
  for (const e of inDir) {
    const name = e.name.toLowerCase();
    if (name === q || e.path.toLowerCase() === q) exact.push(e);
    else if (name.startsWith(q)) prefix.push(e);
    else if (e.path.toLowerCase().includes(q)) rest.push(e);
  }
  return exact.concat(prefix, rest);
}

export function FilePicker({
  listing,
  open,
  onOpen,
}: {
  listing: DebugfsListing | undefined;
  open: string;
  onOpen: (path: string) => void;
}) {
  const entries = useMemo(() => pickerEntries(listing), [listing]);
  const dirs = useMemo(() => {
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.dir, (counts.get(e.dir) ?? 0) + 1);
    return [...counts];
  }, [entries]);
  const [query, setQuery] = useState("");
  const [dir, setDir] = useState("");
  const deferred = useDeferredValue(query);
  const matches = useMemo(() => searchEntries(entries, deferred, dir), [entries, deferred, dir]);
  const [active, setActive] = useState(0);
  const [win, setWin] = useState({ first: 0, visible: 12 });
  const scroller = useRef<HTMLDivElement>(null);
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setWin({ first: Math.floor(el.scrollTop / ROW_HEIGHT), visible: Math.ceil(el.clientHeight / ROW_HEIGHT) + 1 });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The list is deferred and may still show an earlier search; keys act on what was typed.
  const typedMatches = () => (deferred === query ? matches : searchEntries(entries, query, dir));

  /** Makes `i` the active match and scrolls it into view. */
  const activate = (i: number, of = matches) => {
    const to = Math.max(0, Math.min(of.length - 1, i));
    setActive(to);
    const el = scroller.current;
    if (!el) return;
    const top = to * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  // A file opened from elsewhere (the followed selection, the inspector) becomes the active match, in
  // view; so does the open file when Escape clears the search.
  const activatedOpen = useRef("");
  useLayoutEffect(() => {
    if (activatedOpen.current === open || !matches.length || deferred !== query) return;
    activatedOpen.current = open;
    const i = matches.findIndex((m) => m.path === open);
    if (i >= 0) activate(i);
  });

  // Enter before the listing has come (a worker still busy): the active match opens when it does.
  const openWhenListed = useRef(false);
  useLayoutEffect(() => {
    if (!openWhenListed.current || !listing || deferred !== query) return;
    openWhenListed.current = false;
    const m = matches[activeIndex];
    if (m) onOpen(m.path);
  });

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const page = Math.max(1, win.visible - 2);
    const current = typedMatches();
    const at = Math.min(active, Math.max(0, current.length - 1));
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      activate(to, current);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const m = current[at];
      if (m) onOpen(m.path);
      else if (!listing) openWhenListed.current = true;
    } else if (e.key === "Escape" && query) {
      e.preventDefault();
      setQuery("");
      setActive(0);
      activatedOpen.current = "";
      openWhenListed.current = false;
    }
  };

  const optionId = (i: number) => `dbg-opt-${i}`;
  const first = Math.max(0, win.first - DRAWN_MARGIN);
  const shown = matches.slice(first, win.first + win.visible + DRAWN_MARGIN);
  // Only an option that is drawn can be the active descendant (the window catches up a frame after a
  // jump to a file far down the list; until then none is named).
  const activeId = activeIndex >= first && activeIndex < first + shown.length ? optionId(activeIndex) : undefined;
  return (
    <div className="dbg-picker">
      <div className="dbg-search">
        <label htmlFor="dbg-search">Find a file</label>
        <input
          id="dbg-search"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="dbg-files"
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          autoComplete="off"
          spellCheck={false}
          placeholder="29, VECTOR, irqs/…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            if (scroller.current) scroller.current.scrollTop = 0;
          }}
          onKeyDown={onKey}
          data-testid="debugfs-search"
        />
        <label>
          <span className="sr-only">directory</span>
          <select
            value={dir}
            onChange={(e) => {
              setDir(e.target.value);
              setActive(0);
            }}
            data-testid="debugfs-dir"
          >
            <option value="">all directories</option>
            {dirs.map(([d, n]) => (
              <option key={d} value={d}>
                {d}/ ({n.toLocaleString("en")})
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted dbg-count" aria-live="polite" data-testid="debugfs-count">
        {matches.length.toLocaleString("en")} of {entries.length.toLocaleString("en")} files
      </p>
      {/* The list box scrolls itself (the options are placed by row); it takes the keys too, as a list box does. */}
      <div
        id="dbg-files"
        role="listbox"
        aria-label="debugfs files"
        aria-activedescendant={activeId}
        tabIndex={0}
        className="dbg-scroll"
        ref={scroller}
        style={{ "--dbg-rows": `${matches.length * ROW_HEIGHT}px` } as CSSProperties}
        onScroll={(e: UIEvent<HTMLDivElement>) => {
          const top = Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT);
          setWin((w) => (w.first === top ? w : { ...w, first: top }));
        }}
        onKeyDown={onKey}
        data-testid="debugfs-files"
      >
        {shown.map((m, i) => {
          const at = first + i;
          return (
            // The options are reached by aria-activedescendant from the search box or the list box.
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard acts through the search box and the list box
            <div
              key={m.path}
              id={optionId(at)}
              role="option"
              aria-selected={at === activeIndex}
              tabIndex={-1}
              className={`dbg-option${m.path === open ? " dbg-open" : ""}`}
              style={{ top: at * ROW_HEIGHT }}
              onClick={() => {
                setActive(at);
                onOpen(m.path);
              }}
              data-testid={`debugfs-file-${m.path}`}
            >
              <span className="muted">{m.dir}/</span>
              {m.name}
            </div>
          );
        })}
      </div>
    </div>
  );
}
