import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  chainEvent,
  computeEventHash,
  verifyChain,
  type AuditEventContent,
  type ChainedAuditEvent,
  type JsonValue,
} from './chain';

type Content = Omit<AuditEventContent, 'sequence'>;

function buildChain(contents: Content[]): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  for (const content of contents) events.push(chainEvent(events.at(-1) ?? null, content));
  return events;
}

const sample = (n: number): Content => ({
  at: `2025-03-0${(n % 9) + 1}T09:30:00.000Z`,
  actorId: n % 3 === 0 ? null : `user-${n}`,
  action: 'agreement.transition',
  recordType: 'agreement',
  recordId: `agr-${n}`,
  before: { status: 'in_abstimmung', amountCents: 78_710_000 },
  after: { status: 'zur_unterschrift', amountCents: 78_710_000 },
});

const jsonArb: fc.Arbitrary<JsonValue> = fc.jsonValue() as fc.Arbitrary<JsonValue>;
const contentArb: fc.Arbitrary<Content> = fc.record({
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actorId: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }),
  action: fc.constantFrom('agreement.transition', 'agreement.edit', 'user.create', 'allocation.edit'),
  recordType: fc.constantFrom('agreement', 'user', 'allocation'),
  recordId: fc.option(fc.uuid(), { nil: null }),
  before: jsonArb,
  after: jsonArb,
});

const FIELDS = ['sequence', 'at', 'actorId', 'action', 'recordType', 'recordId', 'before', 'after', 'prevHash', 'hash'] as const;

/** A value guaranteed to differ from the current one in the field. */
function alteredValue(event: ChainedAuditEvent, field: (typeof FIELDS)[number], salt: string): unknown {
  const current = event[field];
  switch (field) {
    case 'sequence':
      return event.sequence + 1000;
    case 'before':
    case 'after':
      return { tampered: salt, was: current };
    case 'actorId':
    case 'recordId':
      return current === null ? `x${salt}` : null;
    default:
      return `${String(current)}x${salt}`;
  }
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives equal hashes for key orders that jsonb may produce', () => {
    const event = { sequence: 1, ...sample(1) };
    const reordered = { ...event, after: { amountCents: 78_710_000, status: 'zur_unterschrift' } };
    expect(computeEventHash(GENESIS_HASH, reordered)).toBe(computeEventHash(GENESIS_HASH, event));
  });

  it('rejects values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
});

describe('verifyChain', () => {
  const chain = buildChain([1, 2, 3, 4, 5].map(sample));

  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, count: 5, headHash: chain[4]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('ignores properties that are not part of the hash (e.g. a database id column)', () => {
    expect(verifyChain(chain.map((event, i) => ({ ...event, dbId: i }))).ok).toBe(true);
  });

  it('reports an altered row in German', () => {
    const tampered = chain.map((event) => (event.sequence === 3 ? { ...event, after: { status: 'veroeffentlicht' } } : event));
    expect(verifyChain(tampered)).toEqual({ ok: false, brokenAt: 3, reason: 'Ereignis 3 wurde nachträglich verändert.' });
  });

  it('reports a deleted row', () => {
    expect(verifyChain(chain.filter((event) => event.sequence !== 2))).toEqual({ ok: false, brokenAt: 2, reason: 'Ereignis 2 fehlt.' });
    expect(verifyChain(chain.filter((event) => event.sequence !== 2 && event.sequence !== 3))).toMatchObject({
      brokenAt: 2,
      reason: 'Die Ereignisse 2 bis 3 fehlen.',
    });
  });

  it('reports a reordered row', () => {
    const [a, b, c, d, e] = chain as [ChainedAuditEvent, ChainedAuditEvent, ChainedAuditEvent, ChainedAuditEvent, ChainedAuditEvent];
    expect(verifyChain([a, c, b, d, e])).toEqual({
      ok: false,
      brokenAt: 2,
      reason: 'Die Reihenfolge ist verändert: an Stelle 2 steht Ereignis 3.',
    });
  });

  it('reports a row deleted and the rest renumbered', () => {
    const renumbered = chain.filter((event) => event.sequence !== 2).map((event, i) => ({ ...event, sequence: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a truncated end only against an anchor', () => {
    const head = { sequence: 5, hash: chain[4]!.hash };
    expect(verifyChain(chain.slice(0, 4)).ok).toBe(true);
    expect(verifyChain(chain.slice(0, 4), { expectedHead: head })).toMatchObject({ ok: false, brokenAt: 5 });
    expect(verifyChain(chain, { expectedHead: head }).ok).toBe(true);
  });

  it('verifies a slice from a trusted starting point', () => {
    expect(verifyChain(chain.slice(2), { start: { sequence: 2, hash: chain[1]!.hash } })).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(chain.slice(2), { start: { sequence: 2, hash: chain[0]!.hash } })).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

describe('verifyChain – properties', () => {
  const chainArb = fc.array(contentArb, { minLength: 1, maxLength: 12 }).map(buildChain);

  it('accepts every untouched chain', () => {
    fc.assert(fc.property(chainArb, (events) => verifyChain(events).ok));
  });

  it('detects any single altered field in any row, at that row', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...FIELDS), fc.string({ maxLength: 4 }), (events, pick, field, salt) => {
        const index = pick % events.length;
        const victim = events[index]!;
        const tampered = events.map((event, i) => (i === index ? { ...event, [field]: alteredValue(victim, field, salt) } : event));
        const result = verifyChain(tampered);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.brokenAt).toBe(victim.sequence);
      }),
    );
  });

  it('detects any single deleted row (the last one against an anchor)', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (events, pick) => {
        const index = pick % events.length;
        const last = events.at(-1)!;
        const result = verifyChain(
          events.filter((_, i) => i !== index),
          { expectedHead: { sequence: last.sequence, hash: last.hash } },
        );
        expect(result).toMatchObject({ ok: false, brokenAt: index + 1 });
      }),
    );
  });

  it('detects any swap of two different rows', () => {
    fc.assert(
      fc.property(
        fc.array(contentArb, { minLength: 2, maxLength: 12 }).map(buildChain),
        fc.nat(),
        fc.nat(),
        (events, p, q) => {
          const i = p % events.length;
          const j = q % events.length;
          fc.pre(i !== j);
          const swapped = [...events];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: Math.min(i, j) + 1 });
        },
      ),
    );
  });
});
