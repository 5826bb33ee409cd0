import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { Harvester } from './harvest.ts';
import { StateStore } from './state-store.ts';

const USAGE = `batterydb-harvester --config FILE [--server URL] [--token TOKEN] [--state FILE]
                    [--poll SECONDS] [--stable SECONDS] [--once]

Uploads new and grown cycler files from watched folders to BatteryDB (see README.md).`;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      state: { type: 'string' },
      poll: { type: 'string' },
      stable: { type: 'string' },
      once: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = await loadConfig(values, process.env);
  const state = await StateStore.open(config.statePath);
  const harvester = new Harvester(config, state, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => harvester.stop());
  log(
    `watching ${config.folders.map((f) => f.path).join(', ')} for ${config.server}` +
      (config.once ? ' (once)' : ` every ${config.pollMs / 1000} s`),
  );
  await harvester.run();
  log('stopped');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`batterydb-harvester: ${message}`);
  if (!(error instanceof ConfigError)) console.error(USAGE);
  process.exit(1);
});
