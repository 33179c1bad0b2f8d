/**
 * A state word that explains itself where it is shown: its definition on hover (title), on keyboard
 * focus (a bubble, glossary.css) and to screen readers (aria-describedby the definition rendered once
 * by GlossaryDefinitions). A word the glossary does not know is shown as it is.
 */
import type { ReactNode } from "react";
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

/** Every definition once, hidden, for the terms' aria-describedby. Mounted once per page (App.tsx). */
export function GlossaryDefinitions() {
  return (
    <div hidden data-testid="glossary">
      {(Object.keys(GLOSSARY) as GlossaryWord[]).map((w) => (
        <p key={w} id={definitionId(w)}>
          {GLOSSARY[w]}
        </p>
      ))}
    </div>
  );
}
