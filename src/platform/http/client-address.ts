import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** The client's address as far as it can be trusted (see clientAddress). */
    clientAddress: string | null;
  }
}

/** "::ffff:10.0.0.1" → "10.0.0.1": an IPv4 client on a dual-stack socket is the same client. */
function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/**
 * The proxies whose X-Forwarded-For we believe, from `TRUSTED_PROXIES` entries (validated by
 * env.ts): single addresses ("127.0.0.1", "::1") or CIDR ranges ("10.0.0.0/8", "fd00::/8").
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address: the socket's peer, unless that peer is a trusted proxy – then the
 * X-Forwarded-For chain is read from the right, skipping further trusted proxies, and the first
 * other address is the client. A client-supplied X-Forwarded-For on a direct connection is
 * ignored, so nobody can pick the address the sign-in throttle counts.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trusted: BlockList): string | null {
  if (!socketAddress) return null;
  const peer = normaliseAddress(socketAddress);
  if (!isTrusted(trusted, peer) || !forwardedFor) return peer;
  const chain = forwardedFor.split(',').map(normaliseAddress).filter((entry) => isIP(entry) !== 0);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrusted(trusted, chain[i]!)) return chain[i]!;
  }
  return chain[0] ?? peer;
}

/** Sets `clientAddress` for every request (read it with `getClientAddress`). */
export function clientAddressMiddleware(trustedProxies: readonly string[] = []): MiddlewareHandler {
  const trusted = trustedProxyList(trustedProxies);
  return async (c, next) => {
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
    c.set('clientAddress', clientAddress(socket, c.req.header('x-forwarded-for'), trusted));
    await next();
  };
}

/** The request's client address (null in in-process requests without a socket). */
export function getClientAddress(c: Context): string | null {
  return c.get('clientAddress') ?? null;
}
