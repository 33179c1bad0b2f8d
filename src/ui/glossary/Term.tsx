/**
 * A state word that explains itself where it is shown: its definition on hover (title), on keyboard
 * focus (a bubble GlossaryDefinitions draws) and to screen readers (aria-describedby the definition
 * rendered once by GlossaryDefinitions; the bubble is hidden from them). A word the glossary does not
 * know is shown as it is.
 */
import { type ReactNode, useEffect, useState } from "react";
import { definitionId, GLOSSARY, type GlossaryWord, glossaryWord } from "./glossary";
import "./glossary.css";

export function Term({ word, children, className }: { word: string; children?: ReactNode; className?: string }) {
  const known = glossaryWord(word);
  const shown = children ?? word;
  if (!known) return <span className={className}>{shown}</span>;
  return (
    <span
      className={`term${className ? ` ${className}` : ""}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the word is focusable so its definition is reachable by keyboard
      tabIndex={0}
      title={GLOSSARY[known]}
      data-definition={GLOSSARY[known]}
      data-term={known}
      aria-describedby={definitionId(known)}
    >
      {shown}
    </span>
  );
}

interface Tip {
  readonly text: string;
  readonly left: number;
  readonly top?: number;
  readonly bottom?: number;
}

/** Where a focused term's bubble goes: under the word, or above it near the bottom of the window. */
function tipFor(el: HTMLElement): Tip {
  const r = el.getBoundingClientRect();
  const left = Math.max(4, Math.min(r.left, window.innerWidth - TIP_WIDTH - 8));
  const text = el.dataset.definition ?? "";
  return r.bottom + 140 > window.innerHeight
    ? { text, left, bottom: window.innerHeight - r.top + 4 }
    : { text, left, top: r.bottom + 4 };
}

const TIP_WIDTH = 360;

/**
 * Every definition once, hidden, for the terms' aria-describedby; and the bubble of the term that has
 * the keyboard focus, drawn over everything (a table cell would clip a bubble inside it). Mounted
 * once per page (App.tsx).
 */
export function GlossaryDefinitions() {
  const [tip, setTip] = useState<Tip | undefined>(undefined);
  useEffect(() => {
    const isTerm = (t: EventTarget | null): t is HTMLElement =>
      t instanceof HTMLElement && t.classList.contains("term");
    const show = (e: FocusEvent) => {
      if (isTerm(e.target) && e.target.matches(":focus-visible")) setTip(tipFor(e.target));
    };
    const hide = (e: FocusEvent) => {
      if (isTerm(e.target)) setTip(undefined);
    };
    document.addEventListener("focusin", show);
    document.addEventListener("focusout", hide);
    return () => {
      document.removeEventListener("focusin", show);
      document.removeEventListener("focusout", hide);
    };
  }, []);
  return (
    <>
      <div hidden data-testid="glossary">
        {(Object.keys(GLOSSARY) as GlossaryWord[]).map((w) => (
          <p key={w} id={definitionId(w)}>
            {GLOSSARY[w]}
          </p>
        ))}
      </div>
      {tip ? (
        <div
          className="term-tip"
          aria-hidden="true"
          style={{ left: tip.left, top: tip.top, bottom: tip.bottom, maxWidth: TIP_WIDTH }}
          data-testid="term-tip"
        >
          {tip.text}
        </div>
      ) : null}
    </>
  );
}
