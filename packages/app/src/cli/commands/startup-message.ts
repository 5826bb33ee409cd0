/** The URL a listening address is reached at (IPv6 in brackets). */
export function addressUrl(address: { address: string; port: number }): string {
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** What `serve` prints once it serves: where, how many processes, and what to do next. */
export function startupMessage(options: {
  version: string;
  url: string;
  database: string;
  workers: number;
  shutdownS: number;
}): string {
  const { version, url, database, workers, shutdownS } = options;
  const processes = workers === 1 ? 'a single process' : `${workers} worker processes`;
  return [
    `BatteryDB ${version} is serving ${url} with ${processes} (database ${database}).`,
    'Next steps:',
    '  create the first superuser:  npm run batterydb -- createsuperuser',
    '  load demo data:              npm run batterydb -- demo',
    `  check health:                curl ${url}/healthz`,
    `Stop with Ctrl-C or SIGTERM: requests in flight finish first (at most ${shutdownS} s).`,
  ].join('\n');
}
