/**
 * Which addresses a TCP port of this machine listens on, read from the kernel's socket tables
 * (/proc/net/tcp and tcp6) rather than by connecting: no traffic leaves the loopback interface.
 * Undefined where there are no such tables (not Linux).
 */
import { existsSync, readFileSync } from 'node:fs';

const LISTEN = '0A';

/** An address as /proc/net writes it (hex, in the host's byte order), written the usual way. */
function addressOf(hex: string): string {
  if (hex.length === 8) {
    const bytes = hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? [];
    return bytes.reverse().join('.');
  }
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${addressOf(hex.slice(24))}`;
  return `ipv6:${hex}`;
}

/**
 * The addresses `port` listens on, e.g. `['127.0.0.1']`, or `['0.0.0.0']` for every interface.
 *
 * @example
 * listeningAddresses(8090); // => ['127.0.0.1']
 */
export function listeningAddresses(port: number): string[] | undefined {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((table) => existsSync(table));
  if (tables.length === 0) return undefined;
  const found: string[] = [];
  for (const table of tables) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== LISTEN) continue;
      const [address, hexPort] = local.split(':');
      if (address !== undefined && Number.parseInt(hexPort ?? '', 16) === port)
        found.push(addressOf(address));
    }
  }
  return found;
}
