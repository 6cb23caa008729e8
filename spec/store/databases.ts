/**
 * The databases the store's specs run on: a SQLite file, or a database of the specs' PostgreSQL
 * server, each with a way to run SQL beside the store (`?` placeholders on both) and cleanup.
 * May touch: the file or database it is given, and the folder it is told to remove.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';

/** A fresh database for one test: where it is, a way to run SQL beside the store, and cleanup. */
export interface FreshDatabase {
  readonly location: string;
  raw(sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/** The SQLite file at `location`; disposing of it removes `folder`. */
export function sqliteDatabase(location: string, folder: string): FreshDatabase {
  return {
    location,
    async raw(sql, values = []) {
      const db = new Database(location);
      try {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
        statement.run(...values);
        return [];
      } finally {
        db.close();
      }
    },
    async dispose() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL database at the URL `location`, through one connection. */
export async function postgresDatabase(location: string): Promise<FreshDatabase> {
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  return {
    location,
    async raw(sql, values = []) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      return (await client.query(text, values as unknown[])).rows;
    },
    async dispose() {
      await client.end();
    },
  };
}
