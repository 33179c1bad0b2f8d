/**
 * Output to fd 1 with blocking writes. `process.stdout` on a pipe queues in memory whatever the reader
 * has not taken yet (a 4 MB replay piped to `cmp` sat there whole); a blocking write sends each chunk
 * before the next is made. If fd 1 turns out non-blocking (a parent set O_NONBLOCK on a shared pipe),
 * the rest goes through `process.stdout`, in order. A reader that left (`| head`) ends the run with
 * status 1, as the unhandled EPIPE did before, without its stack trace.
 */
import { writeSync } from "node:fs";

let viaStream = false;

export function writeStdout(text: string | Uint8Array): void {
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (e) {
    const code = e instanceof Error && "code" in e ? e.code : undefined;
    if (code === "EPIPE") process.exit(1);
    if (code !== "EAGAIN") throw e;
    viaStream = true;
    process.stdout.write(bytes.subarray(done));
  }
}
