/** Writing SVG by hand: text escaped for attributes and content, coordinates to one decimal. */
export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const r1 = (n: number): number => Math.round(n * 10) / 10;
