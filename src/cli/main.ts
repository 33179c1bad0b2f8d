/** The headless runner: `npm run -s sim -- <command> …`. Same model as the browser, in Node. */
import { type CliIo, MATRIX_REPLAY_USAGE, matrixReplay } from "./matrix-replay";
import { PARITY_USAGE, parityCommand } from "./parity";
import { RUN_USAGE, runCommand } from "./run";
import { writeStdout } from "./stdout";

const USAGE = `usage: sim <command> [args]
commands:
  ${RUN_USAGE.replace("usage: sim ", "")}
  ${MATRIX_REPLAY_USAGE.replace("usage: sim ", "")}
  ${PARITY_USAGE.replace("usage: sim ", "")}
`;

const io: CliIo = {
  out: writeStdout,
  err: (t) => process.stderr.write(t),
};

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return runCommand(rest, io);
    case "matrix-replay":
      return matrixReplay(rest, io);
    case "parity":
      return parityCommand(rest, io);
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

process.exitCode = main(process.argv.slice(2));
