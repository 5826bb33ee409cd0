/** Types for pg-cluster.mjs (a plain module so the test runner can use it without tsx). */
export function findPgBin(): string | null;
export function startPgCluster(): Promise<{ url: string; stop: () => void }>;
