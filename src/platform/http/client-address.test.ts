import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxyList } from './client-address';

describe('clientAddress', () => {
  const trusted = trustedProxyList(['127.0.0.1', '10.0.0.0/8', '::1']);

  it('is the socket address when the peer is no trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', trusted)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined, trusted)).toBe('203.0.113.7');
    expect(clientAddress(undefined, '198.51.100.1', trusted)).toBeNull();
  });

  it('behind trusted proxies: the rightmost address that is not one of them', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
    // A client-supplied entry on the left cannot replace the address the proxy saw.
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.1', trusted)).toBe('198.51.100.1');
    // Two proxies in a row (10.1.2.3 forwarded to 127.0.0.1).
    expect(clientAddress('127.0.0.1', '198.51.100.1, 10.1.2.3', trusted)).toBe('198.51.100.1');
    expect(clientAddress('::1', 'kein-ip, 198.51.100.9', trusted)).toBe('198.51.100.9');
    expect(clientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
  });

  it('with no trusted proxies configured, never reads the header', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1', trustedProxyList([]))).toBe('127.0.0.1');
  });
});
