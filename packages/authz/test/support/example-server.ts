import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ExampleServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts an example server on plain Node (none of the test runner's `NODE_OPTIONS`) and waits
 * for its "listening on <url>" line; a server that exits or stays silent for `timeoutS` is an
 * error carrying its output. `stop` ends it and waits for its exit.
 */
export async function startExample(
  cwd: string,
  script: string,
  env: Record<string, string>,
  timeoutS = 90,
): Promise<ExampleServer> {
  const { NODE_OPTIONS: _runner, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${script} did not listen within ${timeoutS} s:\n${output}`)),
        timeoutS * 1000,
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code} before listening:\n${output}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
