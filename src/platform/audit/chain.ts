import { createHash } from 'node:crypto';

/**
 * Tamper-evident audit trail: every event stores the SHA-256 of its predecessor's hash plus its own
 * canonical content. Changing, deleting or reordering a row breaks the chain from that row on.
 * Limitation: dropping rows at the END is only visible against an anchor kept elsewhere
 * (`verifyChain(events, { expectedHead })`), e.g. the last hash printed in a report.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The recorded facts of one event – exactly the fields that are hashed. */
export interface AuditEventContent {
  /** 1, 2, 3 … without gaps; the position in the chain. */
  sequence: number;
  /** ISO 8601 timestamp in UTC ("2025-03-01T09:30:00.000Z"). */
  at: string;
  /** User id, or null for the system (imports, jobs). */
  actorId: string | null;
  /** Verb-first action name ("agreement.transition", "user.create"). */
  action: string;
  recordType: string;
  recordId: string | null;
  before: JsonValue;
  after: JsonValue;
}

export interface ChainedAuditEvent extends AuditEventContent {
  prevHash: string;
  hash: string;
}

/** prevHash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the hashed fields ever change; part of every hash so old and new chains never mix silently. */
const CHAIN_FORMAT = 'aqb.audit/1';

/**
 * JSON with keys sorted at every level and no insignificant whitespace, so the same content gives
 * the same bytes after a round trip through jsonb (which reorders keys). Throws for non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('Nicht-endliche Zahl im Audit-Ereignis');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`Wert vom Typ ${typeof value} ist im Audit-Ereignis nicht erlaubt`);
  }
}

/** SHA-256 (hex) over the previous hash and the event's explicit fields; extra properties are ignored. */
export function computeEventHash(prevHash: string, event: AuditEventContent): string {
  // Fields picked one by one: a column added to the table later must not change old hashes.
  const payload = canonicalJson({
    format: CHAIN_FORMAT,
    prevHash,
    sequence: event.sequence,
    at: event.at,
    actorId: event.actorId,
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId,
    before: event.before,
    after: event.after,
  });
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/** Links new content to the chain: sequence follows the previous event (or starts at 1). */
export function chainEvent(previous: Pick<ChainedAuditEvent, 'sequence' | 'hash'> | null, content: Omit<AuditEventContent, 'sequence'>): ChainedAuditEvent {
  const sequence = previous ? previous.sequence + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const event = { ...content, sequence };
  return { ...event, prevHash, hash: computeEventHash(prevHash, event) };
}

export type ChainVerification = { ok: true; count: number; headHash: string } | { ok: false; brokenAt: number; reason: string };

/**
 * Checks a chain given in stored order (ascending sequence). Reports the first broken sequence
 * with a German reason. `start` verifies a slice; `expectedHead` detects a truncated end.
 */
export function verifyChain(
  events: readonly ChainedAuditEvent[],
  options: { start?: { sequence: number; hash: string }; expectedHead?: { sequence: number; hash: string } } = {},
): ChainVerification {
  let expectedSequence = (options.start?.sequence ?? 0) + 1;
  let expectedPrev = options.start?.hash ?? GENESIS_HASH;

  for (const [index, event] of events.entries()) {
    if (event.sequence !== expectedSequence) {
      // Look ahead to tell a moved row from a missing one; either way the chain breaks at the expected position.
      const isMoved = events.slice(index + 1).some((later) => later.sequence === expectedSequence);
      const reason = isMoved
        ? `Die Reihenfolge ist verändert: an Stelle ${expectedSequence} steht Ereignis ${event.sequence}.`
        : event.sequence < expectedSequence
          ? `Ereignis ${event.sequence} steht doppelt oder an falscher Stelle (erwartet: ${expectedSequence}).`
          : event.sequence > expectedSequence + 1
            ? `Die Ereignisse ${expectedSequence} bis ${event.sequence - 1} fehlen.`
            : `Ereignis ${expectedSequence} fehlt.`;
      return { ok: false, brokenAt: expectedSequence, reason };
    }
    let recomputed: string;
    try {
      recomputed = computeEventHash(event.prevHash, event);
    } catch {
      return { ok: false, brokenAt: event.sequence, reason: `Ereignis ${event.sequence} enthält ungültige Daten.` };
    }
    if (recomputed !== event.hash) {
      return { ok: false, brokenAt: event.sequence, reason: `Ereignis ${event.sequence} wurde nachträglich verändert.` };
    }
    if (event.prevHash !== expectedPrev) {
      return {
        ok: false,
        brokenAt: event.sequence,
        reason: `Ereignis ${event.sequence} verweist nicht auf das vorhergehende Ereignis – die Kette wurde verändert.`,
      };
    }
    expectedPrev = event.hash;
    expectedSequence += 1;
  }

  const head = options.expectedHead;
  if (head) {
    const lastSequence = expectedSequence - 1;
    if (lastSequence < head.sequence) {
      return { ok: false, brokenAt: lastSequence + 1, reason: `Die Kette endet bei ${lastSequence}, erwartet bis ${head.sequence} – Ereignisse fehlen am Ende.` };
    }
    const headEvent = events.find((event) => event.sequence === head.sequence);
    const headHash = headEvent?.hash ?? (head.sequence === (options.start?.sequence ?? 0) ? expectedPrev : undefined);
    if (headHash !== head.hash) {
      return { ok: false, brokenAt: head.sequence, reason: `Ereignis ${head.sequence} stimmt nicht mit dem gesicherten Stand überein.` };
    }
  }
  return { ok: true, count: events.length, headHash: expectedPrev };
}
