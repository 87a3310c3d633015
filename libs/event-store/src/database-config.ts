/** Where the database comes from: an external server (DATABASE_URL) or an embedded cluster we start. */
export interface DatabaseSettings {
  /** External PostgreSQL; when absent an embedded cluster is started. */
  url?: string;
  /** Folder of the embedded cluster (persistent across restarts). */
  embeddedDataDir: string;
  /** Port of the embedded cluster; 0 picks a free one. */
  embeddedPort: number;
}

export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const port = Number(env.NETRAL_PG_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`NETRAL_PG_PORT must be a port number, got ${env.NETRAL_PG_PORT}`);
  }
  return {
    url: env.DATABASE_URL || undefined,
    embeddedDataDir: env.NETRAL_DATA_DIR ? `${env.NETRAL_DATA_DIR}/postgres` : '.data/postgres',
    embeddedPort: port,
  };
}
