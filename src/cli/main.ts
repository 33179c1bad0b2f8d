/**
 * The headless runner: `node bin/sim.mjs <command> …` (or `npm run -s sim -- …`). Same model as the
 * browser, in Node. Each command is imported when asked for: `help` loads none of the model, and
 * `matrix-replay` only the allocator (the bundle is split along these imports).
 */
import {
  type CliIo,
  COMPARE_USAGE,
  IMPORT_USAGE,
  LESSON_USAGE,
  MATRIX_REPLAY_USAGE,
  PARITY_USAGE,
  RUN_USAGE,
} from "./io";
import { writeStdout } from "./stdout";

const USAGE = `usage: sim <command> [args]
commands:
  ${RUN_USAGE.replace("usage: sim ", "")}
  ${MATRIX_REPLAY_USAGE.replace("usage: sim ", "")}
  ${PARITY_USAGE.replace("usage: sim ", "")}
  ${COMPARE_USAGE.replace("usage: sim ", "")}
  ${IMPORT_USAGE.replace("usage: sim ", "")}
  ${LESSON_USAGE.replace("usage: sim ", "")}
`;

const io: CliIo = {
  out: writeStdout,
  err: (t) => process.stderr.write(t),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return (await import("./run")).runCommand(rest, io);
    case "matrix-replay":
      return (await import("./matrix-replay")).matrixReplay(rest, io);
    case "parity":
      return (await import("./parity")).parityCommand(rest, io);
    case "compare":
      return (await import("./compare")).compareCommand(rest, io);
    case "import":
      return (await import("./import")).importCommand(rest, io);
    case "lesson":
      return (await import("./lesson")).lessonCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`sim: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
