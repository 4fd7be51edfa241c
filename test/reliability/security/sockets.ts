/**
 * Which TCP sockets a process listens on, read as the kernel shows them: /proc/net/tcp and tcp6
 * for the LISTEN sockets (state 0A) and their inodes, /proc/<pid>/fd for the sockets the process
 * holds. No `ss` or `netstat`, which may be missing, and no trust in what our code says it bound.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** One listening socket: the address as text (`127.0.0.1`, `::1`, `0.0.0.0`, `::ffff:127.0.0.1`, …) and the port. */
export interface Listener {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

const LISTEN = '0A';

/** `0100007F` (little-endian, as /proc prints it) → `127.0.0.1`. */
function ipv4(hex: string): string {
  const bytes = hex.match(/../g)!.map((byte) => parseInt(byte, 16));
  return bytes.reverse().join('.');
}

/** 32 hex digits as four little-endian 32-bit words → the 16 address bytes, in order. */
function ipv6Bytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8).match(/../g)!.map((byte) => parseInt(byte, 16));
    bytes.push(...chunk.reverse());
  }
  return bytes;
}

function ipv6(hex: string): string {
  const bytes = ipv6Bytes(hex);
  const zeros = (from: number, to: number): boolean => bytes.slice(from, to).every((byte) => byte === 0);
  if (zeros(0, 16)) return '::';
  if (zeros(0, 15) && bytes[15] === 1) return '::1';
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push(((bytes[at]! << 8) | bytes[at + 1]!).toString(16));
  return groups.join(':');
}

/** Every LISTEN socket of this network namespace, by inode. */
export async function listeningSockets(): Promise<Map<string, Listener>> {
  const sockets = new Map<string, Listener>();
  for (const [file, decode] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      const [address, port] = fields[1]!.split(':') as [string, string];
      const inode = fields[9]!;
      sockets.set(inode, { address: decode(address), port: parseInt(port, 16), inode });
    }
  }
  return sockets;
}

/** The inodes of the sockets process `pid` holds open (an empty set once it is gone). */
export async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  return inodes;
}

/** The LISTEN sockets process `pid` holds. */
export async function listenersOf(pid: number, all?: Map<string, Listener>): Promise<Listener[]> {
  const sockets = all ?? (await listeningSockets());
  const inodes = await socketInodes(pid);
  return [...inodes].flatMap((inode) => {
    const socket = sockets.get(inode);
    return socket ? [socket] : [];
  });
}

/** Whether a listener is bound to the loopback address only: 127.0.0.1 or ::1 (not 0.0.0.0, ::, or another interface). */
export function loopbackOnly(listener: Listener): boolean {
  return listener.address === '127.0.0.1' || listener.address === '::1';
}
