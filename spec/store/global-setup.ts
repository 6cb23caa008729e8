/**
 * Before the specs run: the PostgreSQL server the store's specs use. `ORDER_RULES_PG_URL` names one
 * to use; otherwise a throwaway server is started on loopback and stopped after. When none can be
 * started, the PostgreSQL specs are skipped with a loud message, except in CI (`CI` set), where
 * that fails the run: CI must test both backends.
 */
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL for the store's specs, or null when none could be started. */
    postgresUrl: string | null;
  }
}

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.ORDER_RULES_PG_URL;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return;
  }
  try {
    server = await startPostgres();
    project.provide('postgresUrl', server.url);
  } catch (error) {
    if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
      throw new Error(`CI needs PostgreSQL for the store's specs: ${(error as Error).message}`);
    }
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n! PostgreSQL SPECS SKIPPED: no server could be started here.\n! ${(error as Error).message}\n! Install PostgreSQL (apt-get install postgresql) or set ORDER_RULES_PG_URL.\n${line}\n`,
    );
    project.provide('postgresUrl', null);
  }
}

export function teardown(): void {
  server?.stop();
  server = undefined;
}
