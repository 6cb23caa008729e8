/**
 * The explorer's server: it listens on 127.0.0.1 only; a port in use is refused with a message
 * that names it (and `order-rules explore` exits 1 with it); it serves its page, the package's
 * built code and three packages' browser files, and no other file, however the path is written;
 * it answers a body that is not JSON, or not a history, with a 400 and a message; it serves the
 * rule book with the report's results; it attaches the Stately inspector to a live actor playing
 * the page's history, through a bridge on 127.0.0.1.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { SpecResults } from '../../src/explorer/ruleBook.js';
import { type Explorer, startExplorer } from '../../src/explorer/server.js';
import { listeningAddresses } from '../listening.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'order-rules-explorer-'));
const reportPath = join(folder, 'spec-results.json');
const report: SpecResults = {
  version: 1,
  madeAt: '2026-11-27T10:00:00.000Z',
  files: {
    'spec/s1-incomplete-gateway-order.spec.ts': {
      ranAt: '2026-11-27T10:00:00.000Z',
      tests: [
        {
          name: 'S1d: the gateway report confirms it: paid, stock deducted, both emails stating paid',
          path: ['S1: an incomplete gateway order'],
          state: 'passed',
          durationMs: 3,
        },
        { name: 'B4-B6: a range', path: [], state: 'failed', durationMs: 1 },
      ],
    },
  },
};

let explorer: Explorer;
beforeAll(async () => {
  writeFileSync(reportPath, JSON.stringify(report));
  explorer = await startExplorer({ port: 0, report: reportPath });
});
afterAll(async () => {
  await explorer.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A raw request, its path sent exactly as written (no URL normalisation on the way). */
function raw(
  path: string,
  options: { method?: string; body?: string; host?: string } = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: '127.0.0.1',
        port: explorer.port,
        path,
        method: options.method ?? 'GET',
        headers: {
          host: options.host ?? `127.0.0.1:${explorer.port}`,
          'content-type': 'application/json',
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: String(response.headers['content-type'] ?? ''),
            body,
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}

const takenPort = () =>
  new Promise<{ port: number; close: () => void }>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () => server.close(),
      });
    });
  });

describe('where it listens', () => {
  test('on 127.0.0.1 only, its page at http://127.0.0.1:port/', async () => {
    expect(explorer.url).toBe(`http://127.0.0.1:${explorer.port}/`);
    const addresses = listeningAddresses(explorer.port);
    if (addresses !== undefined) expect(addresses).toEqual(['127.0.0.1']);
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('/app/explorer/page/main.js');
  });

  test('the page may load only from this server: its policy says so', async () => {
    const response = await fetch(explorer.url);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:/);
  });

  test('a request for another host name (DNS rebinding) is refused', async () => {
    const answer = await raw('/', { host: `attacker.example:${explorer.port}` });
    expect(answer.status).toBe(421);
  });

  test('a port in use is refused, naming it', async () => {
    const taken = await takenPort();
    try {
      await expect(startExplorer({ port: taken.port })).rejects.toThrow(
        `port ${taken.port} is in use: choose another with --port`,
      );
    } finally {
      taken.close();
    }
  });

  test('`order-rules explore --port 0 --no-open` says where it is, serves there, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['dist/cli/main.js', 'explore', '--port', '0', '--no-open'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (text: string) => resolve(text));
        child.once('exit', (code) => reject(new Error(`explore exited with ${code}`)));
      });
      const url = /the explorer is on (http:\/\/127\.0\.0\.1:\d+\/) \(this machine only\)/.exec(
        line,
      )?.[1];
      expect(url).toBeDefined();
      expect((await fetch(url as string)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('`order-rules explore` on a port in use says so and exits 1', async () => {
    const taken = await takenPort();
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
        (resolve) => {
          execFile(
            process.execPath,
            ['dist/cli/main.js', 'explore', '--port', String(taken.port), '--no-open'],
            { cwd: root, timeout: 30_000 },
            (error, _stdout, stderr) => resolve({ code: error?.code as number | null, stderr }),
          );
        },
      );
      expect(stderr).toBe(
        `order-rules explore: port ${taken.port} is in use: choose another with --port\n`,
      );
      expect(code).toBe(1);
    } finally {
      taken.close();
    }
  });
});

describe('what it serves', () => {
  test("the package's built engine, and xstate, valibot and mermaid's browser files", async () => {
    for (const path of [
      '/app/index.js',
      '/app/explorer/page/main.js',
      '/app/explorer/page/style.css',
      '/vendor/xstate/xstate.esm.js',
      '/vendor/valibot/index.mjs',
      '/vendor/mermaid/mermaid.min.js',
    ]) {
      const answer = await raw(path);
      expect([path, answer.status]).toEqual([path, 200]);
      expect(answer.type).toMatch(/^text\/(javascript|css); charset=utf-8$/);
    }
  });

  test('no file outside its folders, however the path is written', async () => {
    const attempts = [
      '/package.json',
      '/app/../package.json',
      '/app/%2e%2e/package.json',
      '/app/%2E%2E%2Fpackage.json',
      '/app/..%2f..%2fpackage.json',
      '/app/explorer/../../package.json',
      '/app/explorer/page/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/app/..%5c..%5cpackage.json',
      '/app/%5c..%5cpackage.json',
      '/vendor/xstate/../package.json',
      '/vendor/xstate/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/vendor/valibot/../../../../etc/passwd',
      '/app//etc/passwd',
      '//etc/passwd',
      '/app/%00.js',
      '/app/index.d.ts',
      '/app/cli/main.js.map',
      '/app/.hidden.js',
      '/node_modules/xstate/package.json',
      '/docs/RULES.md',
      '/reports/spec-results.json',
      '/app/%',
    ];
    for (const path of attempts) {
      const answer = await raw(path);
      expect([path, answer.status]).toEqual([path, answer.status === 400 ? 400 : 404]);
      expect(answer.body).not.toContain('"name": "order-rules"');
      expect(answer.body).not.toContain('root:');
    }
  });

  test('a method other than GET, and POST anywhere but the inspector, is refused', async () => {
    expect((await raw('/', { method: 'DELETE' })).status).toBe(405);
    expect((await raw('/api/rules', { method: 'POST', body: '{}' })).status).toBe(405);
  });

  test('the rule book: every rule with its statement and the tests named after it', async () => {
    const answer = JSON.parse((await raw('/api/rules')).body) as {
      rules: { id: string; statement: string; tests: { name: string; state: string }[] }[];
      report: { madeAt: string; tests: number; passed: number; failed: number } | null;
    };
    expect(answer.report).toMatchObject({
      madeAt: report.madeAt,
      tests: 2,
      passed: 1,
      failed: 1,
    });
    const byId = new Map(answer.rules.map((rule) => [rule.id, rule]));
    expect(byId.get('S1d')?.statement).toMatch(/^the gateway reports the payment: payment status/);
    expect(byId.get('S1d')?.tests.map((one) => one.state)).toEqual(['passed']);
    expect(byId.get('S1')?.tests).toHaveLength(1);
    expect(byId.get('B5')?.tests.map((one) => one.state)).toEqual(['failed']);
    expect(byId.get('D1')?.tests).toEqual([]);
    expect(answer.rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['S0', 'S1a', 'S3d', 'D13', 'B7', 'M9', 'G5', 'I10']),
    );
  });
});

describe('the inspector', () => {
  const placement = {
    order: {
      id: 'A-1001',
      paymentMethod: { kind: 'gateway', provider: 'paypal' },
      lines: [{ sku: 'TEE-M', quantity: 2 }],
      total: { amount: 3990, currency: 'EUR' },
    },
    settings: { ignoreIncompleteOrders: true, realtimeStock: true },
  };
  const paid = {
    type: 'gateway.paymentConfirmed',
    transactionId: 'PAY-1',
    amount: 3990,
    currency: 'EUR',
  };
  const post = (body: string) => raw('/api/inspector', { method: 'POST', body });

  test('a body that is not JSON is answered 400, saying so', async () => {
    const answer = await post('{"placement": ');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/json');
    expect(JSON.parse(answer.body).error).toMatch(/^the body is not JSON: /);
  });

  test('JSON that is not a history, or a history the engine refuses, is answered 400, saying why', async () => {
    expect(JSON.parse((await post('[1, 2]')).body)).toEqual({
      error: 'the body must be a history: { placement, events }',
    });
    const badOrder = await post(
      JSON.stringify({ placement: { ...placement, order: { ...placement.order, lines: [] } } }),
    );
    expect(badOrder.status).toBe(400);
    expect(JSON.parse(badOrder.body).error).toMatch(/^the placement: .*order\.lines/);
    const badEvent = await post(JSON.stringify({ placement, events: [{ ...paid, amount: -1 }] }));
    expect(badEvent.status).toBe(400);
    expect(JSON.parse(badEvent.body).error).toMatch(/^event 1: .*amount/);
  });

  test('a history is played by a live actor that the bridge on 127.0.0.1 relays', async () => {
    const first = await post(JSON.stringify({ placement, events: [] }));
    expect(first.status).toBe(200);
    const { url } = JSON.parse(first.body) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new WebSocket(url.replace('http:', 'ws:'));
    try {
      const payments: string[] = [];
      const reachedPaid = new Promise<void>((resolve) => {
        client.on('message', (data) => {
          const message = JSON.parse(String(data)) as {
            type: string;
            snapshot?: { value?: { payment?: string } };
          };
          const payment = message.snapshot?.value?.payment;
          if (message.type === '@xstate.snapshot' && payment !== undefined) payments.push(payment);
          if (payment === 'paid') resolve();
        });
      });
      await new Promise((resolve) => client.once('open', resolve));
      expect((await post(JSON.stringify({ placement, events: [paid] }))).status).toBe(200);
      await reachedPaid;
      expect(payments.at(-1)).toBe('paid');
    } finally {
      client.close();
    }
  });
});
