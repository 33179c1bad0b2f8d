import { describe, expect, it } from "vitest";
import { toSourceLines } from "./text-lines";

const texts = (text: string, first?: number) => toSourceLines(text, first).map((l) => l.text);

describe("toSourceLines", () => {
  it("numbers lines from firstLine and handles CRLF and lone CR", () => {
    expect(toSourceLines("a\r\nb\rc", 10).map((l) => l.n)).toEqual([10, 11, 12]);
  });
  it("removes mail quoting but keeps indentation", () => {
    expect(texts(">  24:  1\n> >     domain:  VECTOR\n>")).toEqual([" 24:  1", "    domain:  VECTOR", ""]);
  });
  it("expands tabs to 8 columns and trims the end", () => {
    expect(texts("a\tb  \t")).toEqual(["a       b"]);
  });
  it("unwraps string literals and raw strings", () => {
    expect(texts('    "  0:   1  IO-APIC\\n" +')).toEqual(["  0:   1  IO-APIC"]);
    expect(texts("x = `  CPU0\nNMI: 1`")).toEqual(["  CPU0", "NMI: 1"]);
    expect(texts("```text\nrow\n```")).toEqual(["", "row", ""]);
  });
  it("joins quoted-printable soft breaks when the text is quoted-printable", () => {
    expect(texts("ab=\ncd=3D\nef=\ngh")).toEqual(["abcd=", "efgh"]);
    expect(texts("ab=\ncd")).toEqual(["ab=", "cd"]);
  });
  it("drops '<----' annotations", () => {
    expect(texts("Vector:    34   <---- moved here")).toEqual(["Vector:    34"]);
  });
});
