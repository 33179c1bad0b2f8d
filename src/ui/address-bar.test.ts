import { describe, expect, it } from "vitest";
import { mayWriteShareHash } from "./address-bar";

describe("mayWriteShareHash", () => {
  it("replaces an empty hash or a share link", () => {
    expect(mayWriteShareHash("")).toBe(true);
    expect(mayWriteShareHash("#")).toBe(true);
    expect(mayWriteShareHash("#/s/1.abc")).toBe(true);
  });

  it("never a lesson, a compare or any other route", () => {
    expect(mayWriteShareHash("#/lesson/vectors/2")).toBe(false);
    expect(mayWriteShareHash("#/c/1.abc")).toBe(false);
    expect(mayWriteShareHash("#notes")).toBe(false);
  });
});
