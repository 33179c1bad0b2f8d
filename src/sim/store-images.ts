/**
 * The message words every device store entry held after the last step, so the next step's register
 * writes (the same log the event lines come from) can be replayed into old → new messages. A register
 * write names only its new value: without this copy the words before a step would be lost.
 */
import { ENTRY_DATA, ENTRY_LOWER_ADDR, ENTRY_UPPER_ADDR, EntryArray } from "../hw/entry-array";
import { IoApic } from "../hw/ioapic";
import type { MessageStore, StoreWrite } from "../hw/message-store";
import type { EntryImage, MessageWrite } from "./step-writes";

const ZERO_MSG: EntryImage = { format: "msg", addressLo: 0, addressHi: 0, data: 0 };
const RESET_RTE: EntryImage = { format: "rte", lo: 0x10000, hi: 0 };

/** The words `store` holds for `slot` now (a slot it cannot describe: the reset message). */
export function entryImage(store: MessageStore, slot: number): EntryImage {
  if (store instanceof IoApic) {
    const { lo, hi } = store.readRte(slot);
    return { format: "rte", lo, hi };
  }
  try {
    const m = store.storedMessage(slot);
    return { format: "msg", addressLo: m.addressLo, addressHi: m.addressHi, data: m.data };
  } catch {
    return ZERO_MSG;
  }
}

/**
 * entryImage()'s words into `out` (lo, hi for an RTE; address low, high, data for a message), without
 * an object: a copy of every entry of a big machine is taken and compared this way.
 */
function readImageWords(store: MessageStore, slot: number, out: Float64Array): void {
  if (store instanceof IoApic) {
    const { lo, hi } = store.readRte(slot);
    out[0] = lo;
    out[1] = hi;
    return;
  }
  try {
    if (store instanceof EntryArray) {
      out[0] = store.readEntryWord(slot, ENTRY_LOWER_ADDR);
      out[1] = store.readEntryWord(slot, ENTRY_UPPER_ADDR);
      out[2] = store.readEntryWord(slot, ENTRY_DATA);
      return;
    }
    const m = store.storedMessage(slot);
    out[0] = m.addressLo;
    out[1] = m.addressHi;
    out[2] = m.data;
  } catch {
    out.fill(0);
  }
}

/** Where a register's value goes in the image, and whether writing it completes a message. */
function applyRegister(img: EntryImage, register: string, value: number): { img: EntryImage; completes: boolean } {
  if (img.format === "rte") {
    // __ioapic_write_entry(): the high dword first, the low one (vector, mask) completes the entry.
    if (register === "rte_hi") return { img: { ...img, hi: value }, completes: false };
    if (register === "rte_lo") return { img: { ...img, lo: value }, completes: true };
    return { img, completes: false };
  }
  switch (register) {
    case "address_lo":
      return { img: { ...img, addressLo: value }, completes: false };
    case "address_hi":
      return { img: { ...img, addressHi: value }, completes: false };
    // __pci_write_msi_msg() writes data last; an IMS queue commits its context in one command.
    case "data":
    case "queue_ctx":
      return { img: { ...img, data: value }, completes: true };
    // hpet_msi_write(): data first, the address completes it.
    case "route_data":
      return { img: { ...img, data: value }, completes: false };
    case "route_address":
      return { img: { ...img, addressLo: value }, completes: true };
    default:
      return { img, completes: false };
  }
}

/** One entry's register writes of a step, replayed from its words before: each message written, in order. */
export function replayEntry(
  before: EntryImage,
  writes: readonly StoreWrite[],
  after: EntryImage,
): readonly MessageWrite[] {
  const out: MessageWrite[] = [];
  let img = before;
  let from = before;
  for (const w of writes) {
    const r = applyRegister(img, w.register, w.value);
    img = r.img;
    if (!r.completes) continue;
    out.push({ before: from, after: img });
    from = img;
  }
  // The last message as the device holds it (a 16-bit MSI data register, read-only RTE bits).
  const last = out.at(-1);
  if (last) out[out.length - 1] = { before: last.before, after };
  return out;
}

function sameImage(a: EntryImage, b: EntryImage): boolean {
  return a.format === "rte" && b.format === "rte"
    ? a.lo === b.lo && a.hi === b.hi
    : a.format === "msg" &&
        b.format === "msg" &&
        a.addressLo === b.addressLo &&
        a.addressHi === b.addressHi &&
        a.data === b.data;
}

/**
 * One store's copy: the words of each slot in a typed array (3 per slot for a message, 2 for an RTE;
 * 64-bit, so any number a store reports is kept exactly) and which slots were copied. An object per entry (65,536 on the IRTE-full example, each with its
 * address word boxed) was a tenth of a big machine's heap.
 */
class StoreCopy {
  private words: Float64Array;
  private known: Uint8Array;
  private readonly width: number;
  /** A slot's words before anything was written to it (what a slot not copied compares with). */
  private readonly reset: readonly number[];
  constructor(
    readonly rte: boolean,
    slots: number,
  ) {
    this.width = rte ? 2 : 3;
    this.reset = rte ? RESET_RTE_WORDS : ZERO_MSG_WORDS;
    this.words = new Float64Array(Math.max(1, slots) * this.width);
    this.known = new Uint8Array(Math.max(1, slots));
  }

  get(slot: number): EntryImage | undefined {
    if (slot < 0 || slot >= this.known.length || this.known[slot] === 0) return undefined;
    const at = slot * this.width;
    const w = this.words;
    return this.rte
      ? { format: "rte", lo: w[at] ?? 0, hi: w[at + 1] ?? 0 }
      : { format: "msg", addressLo: w[at] ?? 0, addressHi: w[at + 1] ?? 0, data: w[at + 2] ?? 0 };
  }

  /** Takes `slot`'s words from the store; says whether they differ from the copy (or, not copied yet, from reset). */
  take(store: MessageStore, slot: number): boolean {
    if (slot < 0) return false;
    const changed = this.differs(store, slot);
    if (slot >= this.known.length) this.grow(slot + 1);
    const at = slot * this.width;
    for (let k = 0; k < this.width; k++) this.words[at + k] = NOW[k] ?? 0;
    this.known[slot] = 1;
    return changed;
  }

  /** take() of every entry of a table at once. */
  takeAll(store: EntryArray): void {
    if (store.slots > this.known.length) this.grow(store.slots);
    store.copyMessages(this.words, this.width);
    this.known.fill(1, 0, store.slots);
  }

  /**
   * take() of each slot of a table from `from` on that `skip` does not hold, the table's words read in
   * one pass (the entries a big allocation only counts): how many of them changed.
   */
  takeRest(store: EntryArray, from: number, skip: ReadonlyMap<number, unknown>): number {
    const width = this.width;
    const need = store.slots * width;
    if (scratch.length < need) scratch = new Float64Array(need);
    store.copyMessages(scratch, width);
    if (store.slots > this.known.length) this.grow(store.slots);
    const reset = this.reset;
    let changed = 0;
    for (let slot = Math.max(0, from); slot < store.slots; slot++) {
      if (skip.has(slot)) continue;
      const at = slot * width;
      const known = this.known[slot] === 1;
      let differs = false;
      for (let k = 0; k < width; k++) {
        const now = scratch[at + k] ?? 0;
        if ((known ? (this.words[at + k] ?? 0) : reset[k]) !== now) differs = true;
        this.words[at + k] = now;
      }
      this.known[slot] = 1;
      if (differs) changed++;
    }
    return changed;
  }

  /** Whether the store's words for `slot` differ from the copy (reset words for a slot not copied); leaves them in NOW. */
  differs(store: MessageStore, slot: number): boolean {
    readImageWords(store, slot, NOW);
    const known = slot >= 0 && slot < this.known.length && this.known[slot] === 1;
    const at = slot * this.width;
    const reset = this.reset;
    for (let k = 0; k < this.width; k++) {
      const was = known ? (this.words[at + k] ?? 0) : reset[k];
      if (was !== NOW[k]) return true;
    }
    return false;
  }

  set(slot: number, img: EntryImage): void {
    if (slot < 0) return;
    if (slot >= this.known.length) this.grow(slot + 1);
    const at = slot * this.width;
    if (img.format === "rte") {
      this.words[at] = img.lo;
      this.words[at + 1] = img.hi;
    } else {
      this.words[at] = img.addressLo;
      this.words[at + 1] = img.addressHi;
      this.words[at + 2] = img.data;
    }
    this.known[slot] = 1;
  }

  /** An IMS queue store numbers its slots by queue id, which may pass its size. */
  private grow(slots: number): void {
    const n = Math.max(slots, this.known.length * 2);
    const words = new Float64Array(n * this.width);
    words.set(this.words);
    const known = new Uint8Array(n);
    known.set(this.known);
    this.words = words;
    this.known = known;
  }
}

/** The words just read from a store (StoreCopy.differs / take). */
const NOW = new Float64Array(3);
/** A whole table's words (StoreCopy.takeRest), kept between steps. */
let scratch = new Float64Array(0);
const ZERO_MSG_WORDS = [0, 0, 0] as const;
const RESET_RTE_WORDS = [0x10000, 0] as const;

/** A store not copied yet: every slot compares with the reset words (never written to). */
const NO_MSG_COPY = new StoreCopy(false, 0);
const NO_RTE_COPY = new StoreCopy(true, 0);

/** The words of every entry of every store, as of the end of the last step. */
export class StoreImages {
  private readonly images = new Map<MessageStore, StoreCopy>();

  private copyOf(store: MessageStore): StoreCopy {
    let c = this.images.get(store);
    if (!c) {
      c = new StoreCopy(store instanceof IoApic, store.slots);
      this.images.set(store, c);
    }
    return c;
  }

  /** Copies every slot of `store` (once, when the store is first seen). */
  track(store: MessageStore): void {
    if (this.images.has(store)) return;
    const c = this.copyOf(store);
    // An IMS queue store numbers its slots by queue id: its contexts start empty, nothing to copy.
    if (store.kind === "ims-queue") return;
    if (store instanceof EntryArray) c.takeAll(store);
    else for (let s = 0; s < store.slots; s++) c.take(store, s);
  }

  /** The words of `slot` before this step (a store never seen: its reset state). */
  before(store: MessageStore, slot: number): EntryImage {
    return this.images.get(store)?.get(slot) ?? (store instanceof IoApic ? RESET_RTE : ZERO_MSG);
  }

  /** Takes `slot`'s words now as the new copy, and says whether they changed. */
  update(store: MessageStore, slot: number): { before: EntryImage; after: EntryImage; changed: boolean } {
    const before = this.before(store, slot);
    const after = entryImage(store, slot);
    this.copyOf(store).set(slot, after);
    return { before, after, changed: !sameImage(before, after) };
  }

  /** Takes `slot`'s words now as the new copy, without making images; says whether they changed. */
  take(store: MessageStore, slot: number): boolean {
    return this.copyOf(store).take(store, slot);
  }

  /**
   * take() of every slot from `from` on that `skip` does not hold, in one pass for a table (MSI-X,
   * device IMS): how many changed; undefined for another store (take it slot by slot).
   */
  takeRest(store: MessageStore, from: number, skip: ReadonlyMap<number, unknown>): number | undefined {
    if (!(store instanceof EntryArray)) return undefined;
    return this.copyOf(store).takeRest(store, from, skip);
  }

  /** Whether `slot`'s words differ from the copy (after writes the log no longer holds). */
  differs(store: MessageStore, slot: number): boolean {
    const c = this.images.get(store) ?? (store instanceof IoApic ? NO_RTE_COPY : NO_MSG_COPY);
    return c.differs(store, slot);
  }
}
