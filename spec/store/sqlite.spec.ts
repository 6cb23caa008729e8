/**
 * The store's suite and the dispatcher's on SQLite: a new database file for each test, in a
 * temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeDispatcher } from './dispatcher-contract.js';
import { describeStore, type FreshDatabase } from './store-contract.js';

async function fresh(): Promise<FreshDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'order-rules-store-'));
  const location = join(folder, 'orders.db');
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

describeStore('SQLite', fresh);
describeDispatcher('SQLite', fresh);
