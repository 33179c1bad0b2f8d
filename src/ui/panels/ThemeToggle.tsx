/** Light / dark / system: a segmented control built from native radios (arrow keys and radio semantics for free). */
import { memo } from "react";
import { THEME_CHOICES, type ThemeChoice, useTheme } from "../theme";

const LABEL: Record<ThemeChoice, string> = { light: "Light", dark: "Dark", system: "System" };

/** Memoised: a bar redrawn at every step (the compare's) leaves the radios alone. */
export const ThemeToggle = memo(function ThemeToggle() {
  const choice = useTheme((s) => s.choice);
  const setChoice = useTheme((s) => s.setChoice);
  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend className="sr-only">Colour theme</legend>
      {THEME_CHOICES.map((c) => (
        <label key={c} className="theme-choice">
          <input
            type="radio"
            className="theme-radio"
            name="irqscope-theme"
            value={c}
            checked={c === choice}
            onChange={() => setChoice(c)}
            data-testid={`theme-${c}`}
          />
          {LABEL[c]}
        </label>
      ))}
    </fieldset>
  );
});
