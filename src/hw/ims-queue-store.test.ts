import { describe, expect, it } from "vitest";
import { ImsQueueStore } from "./ims-queue-store";

const msg = { addressLo: 0xfee00818, addressHi: 0, data: 0 };

describe("ImsQueueStore", () => {
  it("grows on demand and starts empty", () => {
    const q = new ImsQueueStore();
    expect(q.slots).toBe(0);
    expect(q.emit(0)).toEqual({ sent: false, reason: "no queue context 0" });
    q.writeMessage(7, msg);
    q.setMask(3, true);
    expect(q.slots).toBe(2);
    expect(q.queueIds()).toEqual([3, 7]);
  });

  it("buffers writes in the shadow until commit", () => {
    const q = new ImsQueueStore();
    q.writeMessage(5, msg);
    q.setMask(5, false);
    expect(q.writes).toBe(0);
    expect(q.dirtySlots()).toEqual([5]);
    expect(q.shadow(5)).toEqual({ msg, masked: false });
    expect(q.live(5)).toEqual({ msg: { addressLo: 0, addressHi: 0, data: 0 }, masked: true });
    expect(q.emit(5)).toEqual({ sent: false, reason: "queue 5 masked: event pending" });
  });

  it("commits one firmware command per dirty queue", () => {
    const q = new ImsQueueStore();
    q.writeMessage(1, msg);
    q.setMask(1, false);
    q.writeMessage(2, { ...msg, data: 1 });
    expect(q.commit()).toEqual([]);
    expect(q.writes).toBe(2);
    expect(q.recentWrites()).toEqual([
      { slot: 1, register: "queue_ctx", value: 0 },
      { slot: 2, register: "queue_ctx", value: 1 },
    ]);
    expect(q.dirtySlots()).toEqual([]);
    expect(q.emit(1)).toEqual({ sent: true, msg });
    expect(q.storedMessage(2)).toEqual({ ...msg, data: 1 });
    expect(q.isMasked(2)).toBe(true);
    expect(q.commit()).toEqual([]);
    expect(q.writes).toBe(2);
  });

  it("sends an event latched while masked once an unmask is committed", () => {
    const q = new ImsQueueStore();
    q.writeMessage(4, msg);
    q.commit();
    q.emit(4);
    q.setMask(4, false);
    expect(q.emit(4).sent).toBe(false); // still masked: the unmask is only in the shadow
    expect(q.commit()).toEqual([{ sent: true, msg }]);
  });

  it("forgets a released queue", () => {
    const q = new ImsQueueStore();
    q.writeMessage(9, msg);
    q.release(9);
    expect(q.slots).toBe(0);
    expect(q.dirtySlots()).toEqual([]);
    expect(() => q.storedMessage(9)).toThrow(RangeError);
    expect(() => q.release(9)).toThrow(RangeError);
    expect(() => q.writeMessage(-1, msg)).toThrow(RangeError);
  });
});
