/** Reading one argument of a palette command against the objects of the current view. */
import { parseCpuList } from "../../kernel/cpumask";
import { didYouMean } from "../../scenario/messages";
import type { CommandContext, IrqItem } from "./context";

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const fail = (error: string): { readonly ok: false; readonly error: string } => ({ ok: false, error });

/** A decimal number >= 0. */
export function readInt(tok: string, what: string): Read<number> {
  if (!/^\d{1,9}$/.test(tok)) return fail(`${JSON.stringify(tok)} is not a number (${what})`);
  return { ok: true, value: Number(tok) };
}

/** An optional count: 1 when the argument is left out. */
export function readCountOrOne(tok: string | undefined, what: string): Read<number> {
  return tok === undefined ? { ok: true, value: 1 } : readInt(tok, what);
}

/** An irq of the view (or any number when the view lists only some irqs); `irq29` is read as 29 too. */
export function readIrq(tok: string, ctx: CommandContext): Read<{ irq: number; item: IrqItem | undefined }> {
  const n = readInt(tok.replace(/^irq/i, ""), "an irq number");
  if (!n.ok) return n;
  const item = ctx.irqs.find((i) => i.irq === n.value);
  if (!item && ctx.allIrqsListed) {
    const some = ctx.irqs.slice(0, 8).map((i) => i.irq);
    const listed = some.length ? ` (irqs: ${some.join(", ")}${ctx.irqs.length > some.length ? ", …" : ""})` : "";
    return fail(`no irq ${n.value} with a message store on this machine${listed}`);
  }
  return { ok: true, value: { irq: n.value, item } };
}

/** The name of a device present now. */
export function readDevice(tok: string, ctx: CommandContext): Read<string> {
  if (ctx.devices.some((d) => d.name === tok)) return { ok: true, value: tok };
  const names = ctx.devices.map((d) => d.name);
  const hint = didYouMean(tok, names) || (names.length ? ` (devices: ${names.join(", ")})` : "");
  return fail(`no device named ${JSON.stringify(tok)}${hint}`);
}

/** A CPU of the machine. */
export function readCpu(tok: string, ctx: CommandContext): Read<number> {
  const n = readInt(tok.replace(/^cpu/i, ""), "a CPU number");
  if (!n.ok) return n;
  const last = ctx.cpus.length - 1;
  if (n.value > last) return fail(`CPU ${n.value} is beyond the last one (${last})`);
  return n;
}

/** A CPU list in the kernel's syntax, every CPU within the machine. */
export function readCpuList(tok: string, ctx: CommandContext): Read<string> {
  const r = parseCpuList(tok, ctx.cpus.length);
  if (!r.ok) return fail(r.reason);
  return { ok: true, value: tok };
}

/** One of `choices` (case-insensitive). */
export function readChoice<const T extends string>(tok: string, choices: readonly T[], what: string): Read<T> {
  const found = choices.find((c) => c.toLowerCase() === tok.toLowerCase());
  if (found !== undefined) return { ok: true, value: found };
  return fail(`${JSON.stringify(tok)} is not ${what}${didYouMean(tok, choices) || ` (${choices.join(", ")})`}`);
}
