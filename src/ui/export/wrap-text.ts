/** Breaking a line of text to a width, as the browser would in a node card: SVG text does not wrap. */

export interface Font {
  readonly size: number;
  readonly weight: 400 | 700;
}

/** The advance width of `text` in `font` (the page measures with a canvas; tests with a fixed width). */
export type MeasureText = (text: string, font: Font) => number;

/** Greedy: as many words per line as fit; a word wider than the line is cut where it must be. */
export function wrapText(text: string, width: number, font: Font, measure: MeasureText): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined, font) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (measure(line, font) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut), font) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}
