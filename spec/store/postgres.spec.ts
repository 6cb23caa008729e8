/**
 * The store's suite, the dispatcher's and the groups' (`applyAll`) on PostgreSQL: a new database
 * on the specs' server for each test (see `global-setup.ts`); skipped, loudly, only where no
 * server could be started outside CI.
 */
import { describe, inject, test } from 'vitest';
import { type FreshDatabase, postgresDatabase } from './databases.js';
import { describeDispatcher } from './dispatcher-contract.js';
import { describeGroups } from './group-contract.js';
import { freshDatabase } from './postgres-server.js';
import { describeStore } from './store-contract.js';

const serverUrl = inject('postgresUrl');
let databases = 0;

if (serverUrl === null) {
  describe.skip('order store on PostgreSQL (no server: see the warning above)', () => {
    test('skipped', () => undefined);
  });
} else {
  const fresh = async (): Promise<FreshDatabase> => {
    databases += 1;
    const location = await freshDatabase(serverUrl, `store_spec_${process.pid}_${databases}`);
    return postgresDatabase(location);
  };
  describeStore('PostgreSQL', fresh);
  describeDispatcher('PostgreSQL', fresh);
  describeGroups('PostgreSQL', fresh);
}
