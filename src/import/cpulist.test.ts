import { describe, expect, it } from "vitest";
import { parseCpuList } from "./cpulist";

describe("parseCpuList", () => {
  it("reads ranges and single ids, and empty text as no CPU", () => {
    expect(parseCpuList("0-3,5,8-9")).toEqual([0, 1, 2, 3, 5, 8, 9]);
    expect(parseCpuList("")).toEqual([]);
    expect(parseCpuList(" 7 ")).toEqual([7]);
  });
  it("refuses what is not a list", () => {
    expect(parseCpuList("f")).toBeUndefined();
    expect(parseCpuList("3-1")).toBeUndefined();
    expect(parseCpuList("0-99999999")).toBeUndefined();
  });
});
