/**
 * BatteryDB as a real process (`batterydb serve` in a child), for what only a process can show:
 * signals, keep-alive connections, kill -9, a restart on the same database. Each child runs in
 * its own process group, so `kill()` takes everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to the whole group; safe to call twice. */
  kill(): void;
}

export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@batterydb/source', '--import', 'tsx', MAIN, 'serve'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        NODE_ENV: 'test',
        // One process unless a test is about workers: forking more only slows the suite down.
        WORKERS: '1',
        ...env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /is serving (http:\/\/[0-9.]+:[0-9]+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', look);
    void exited.then(() => reject(new Error(`the server exited before it served:\n${output}`)));
  }).catch((error: unknown) => {
    kill();
    throw error;
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    exited,
    output: () => output,
    signal: (signal) => child.kill(signal),
    kill,
  };
}

/** The first match of `pattern` in the process's output, now or once it is printed. */
export function waitForOutput(server: ServerProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const streams = [server.child.stdout!, server.child.stderr!];
    const done = () => {
      for (const stream of streams) stream.off('data', look);
      server.child.off('exit', gone);
    };
    const look = () => {
      const match = pattern.exec(server.output());
      if (match) {
        done();
        resolve(match);
      }
    };
    const gone = () => {
      done();
      reject(new Error(`the server exited before printing ${pattern}:\n${server.output()}`));
    };
    for (const stream of streams) stream.on('data', look);
    server.child.once('exit', gone);
    look();
  });
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T>(): T;
}

/** One HTTP request; `body` may be a stream (an upload generated as it is sent). */
export function request(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Readable },
  agent: http.Agent | false = false,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(options.path, base),
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body) as T,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body === undefined || typeof options.body === 'string') req.end(options.body);
    else options.body.pipe(req);
  });
}
