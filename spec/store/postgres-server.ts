/**
 * A throwaway PostgreSQL server for the store's tests and benchmark: a new cluster in a temporary
 * folder, listening on loopback only, on a free port, removed when stopped. It needs PostgreSQL's
 * server programs (Debian's `postgresql` package; `.ci/run` installs it). Run as root, the server
 * runs as the `postgres` user, as PostgreSQL requires.
 * May touch: a temporary folder, a loopback port, the processes it starts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running server: its URL (database `postgres`, user `postgres`), and how to stop it. */
export interface PostgresServer {
  readonly url: string;
  stop(): void;
}

/** The folder of PostgreSQL's server programs, or undefined when they are not installed. */
export function findPostgresPrograms(): string | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(':')
    .find(
      (dir) => dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
    );
  if (onPath !== undefined) return onPath;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian)
    .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(debian, versions[0], 'bin');
}

/** Starts a new server; throws with what went wrong when it cannot. */
export async function startPostgres(settings: readonly string[] = []): Promise<PostgresServer> {
  const bin = findPostgresPrograms();
  if (bin === undefined) {
    throw new Error(
      'PostgreSQL server programs (initdb, pg_ctl) not found: apt-get install postgresql',
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'order-rules-pg-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot
    ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    : undefined;
  if (owner !== undefined) {
    chownSync(root, owner, -1);
    chmodSync(root, 0o700);
  }
  const run = (program: string, args: readonly string[]) => {
    const command = join(bin, program);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
      : execFileSync(command, args, { stdio: 'pipe' });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const options = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=200',
      ...settings.map((setting) => `-c ${setting}`),
    ].join(' ');
    run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', 'start']);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`PostgreSQL did not start: ${(error as Error).message} ${output}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Creates an empty database on the server and gives its URL, so that each test starts clean. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
