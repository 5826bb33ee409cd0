import { readStdin } from '../read-secret.ts';

/** What an admin command reads and writes besides the database: injectable, so tests run commands in-process. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** One line of output (standard output). */
  out(line: string): void;
  /** All of standard input, when it is not a terminal (a password piped in). */
  readStdin(): Promise<string | null>;
}

export const processIo: CliIo = {
  env: process.env,
  out: (line) => console.log(line),
  readStdin: async () => (process.stdin.isTTY ? null : readStdin()),
};
