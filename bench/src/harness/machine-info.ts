import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import postgres from 'postgres';

export type MachineInfo = {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  broker: string;
  database: string;
};

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? process.platform;
  } catch {
    return `${process.platform} ${process.arch}`;
  }
}

/** `PostgreSQL 15.20` plus TimescaleDB's version when it is installed in that database. */
async function databaseVersion(databaseUrl: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    const ext = await sql<{ version: string }[]>`
      select default_version as version from pg_available_extensions where name = 'timescaledb'`;
    const timescale = ext[0] ? `, TimescaleDB ${ext[0].version} available` : ', no TimescaleDB';
    return `PostgreSQL ${row?.server_version ?? 'unknown'}${timescale}`;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** What the figures depend on: they are only comparable between runs on the same machine. */
export async function machineInfo(opts: { broker: string; databaseUrl: string }): Promise<MachineInfo> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    broker: opts.broker,
    database: await databaseVersion(opts.databaseUrl),
  };
}
