import { describe, expect, it } from "vitest";
import { WriteLog } from "./write-log";

describe("WriteLog", () => {
  it("keeps the last N writes and counts all of them", () => {
    const log = new WriteLog(3);
    for (let i = 0; i < 5; i++) log.record(i, "data", i);
    expect(log.total).toBe(5);
    expect(log.recent().map((w) => w.value)).toEqual([2, 3, 4]);
  });

  it("logs dropped writes without counting them as device writes", () => {
    const log = new WriteLog();
    log.drop(0, "address_hi", 0x1200);
    expect(log.total).toBe(0);
    expect(log.dropped).toBe(1);
    expect(log.recent()).toEqual([{ slot: 0, register: "address_hi (dropped)", value: 0x1200 }]);
  });

  it("stores values as unsigned u32", () => {
    const log = new WriteLog();
    log.record(0, "data", -1);
    expect(log.recent()[0]?.value).toBe(0xffffffff);
  });
});
