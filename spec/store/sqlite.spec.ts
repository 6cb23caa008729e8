/**
 * The store's suite, the dispatcher's and the groups' (`applyAll`) on SQLite: a new database
 * file for each test, in a temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FreshDatabase, sqliteDatabase } from './databases.js';
import { describeDispatcher } from './dispatcher-contract.js';
import { describeGroups } from './group-contract.js';
import { describeStore } from './store-contract.js';

async function fresh(): Promise<FreshDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'order-rules-store-'));
  return sqliteDatabase(join(folder, 'orders.db'), folder);
}

describeStore('SQLite', fresh);
describeDispatcher('SQLite', fresh);
describeGroups('SQLite', fresh);
