import { describe, expect, it } from "vitest";
import { type Font, type MeasureText, wrapText } from "./wrap-text";

const F: Font = { size: 10, weight: 400 };
/** 10 px a character. */
const measure: MeasureText = (text, font) => text.length * font.size;

describe("wrapText", () => {
  it("puts as many words on a line as fit", () => {
    expect(wrapText("aa bb cc dd", 50, F, measure)).toEqual(["aa bb", "cc dd"]);
    expect(wrapText("aa bb cc", 80, F, measure)).toEqual(["aa bb cc"]);
  });

  it("cuts a word longer than the line, and keeps going after it", () => {
    expect(wrapText("IR-PCI-MSIX-0000:3d x", 80, F, measure)).toEqual(["IR-PCI-M", "SIX-0000", ":3d x"]);
  });

  it("collapses runs of spaces and gives no line for empty text", () => {
    expect(wrapText("  a   b ", 100, F, measure)).toEqual(["a b"]);
    expect(wrapText("", 100, F, measure)).toEqual([]);
  });

  it("never loops on a line narrower than one character", () => {
    expect(wrapText("abc", 5, F, measure)).toEqual(["a", "b", "c"]);
  });
});
