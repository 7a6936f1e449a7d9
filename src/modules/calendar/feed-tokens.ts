import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { getUser } from '../access/service';
import { type Actor, authorize, can } from '../access/policy';
import { calendarFeedTokens } from './tables';

/**
 * The secret of a personal iCal feed URL: 32 random bytes (base64url, after the prefix `kal_`).
 * Only its SHA-256 hash is stored; the plain token is shown once, on creation.
 */
export const FEED_TOKEN_PREFIX = 'kal_';
const FEED_TOKEN_PATTERN = /^kal_[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface FeedTokenSummary {
  id: number;
  hint: string;
  createdAt: Date;
}

/** The actor's active feed tokens, newest first. */
export async function findFeedTokens(db: Executor, actor: Actor): Promise<FeedTokenSummary[]> {
  return db
    .select({ id: calendarFeedTokens.id, hint: calendarFeedTokens.hint, createdAt: calendarFeedTokens.createdAt })
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.userId, actor.userId), isNull(calendarFeedTokens.revokedAt)))
    .orderBy(desc(calendarFeedTokens.createdAt), desc(calendarFeedTokens.id));
}

/** Creates a feed token for the actor (policy `calendar.manageFeed`, audited); returns the plain token once. */
export async function createFeedToken(tx: Executor, actor: Actor): Promise<{ token: string; summary: FeedTokenSummary }> {
  authorize(actor, 'calendar.manageFeed', { ownerUserId: actor.userId });
  const token = FEED_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const hint = `${token.slice(0, FEED_TOKEN_PREFIX.length + 4)}…`;
  const [row] = await tx.insert(calendarFeedTokens).values({ userId: actor.userId, tokenHash: hash(token), hint }).returning();
  if (!row) throw new Error('Feed-Token wurde nicht angelegt');
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'calendar.feed.create', recordType: 'calendar_feed_token', recordId: row.id, before: null, after: { hint, userId: actor.userId } });
  return { token, summary: { id: row.id, hint: row.hint, createdAt: row.createdAt } };
}

/** Revokes one of the actor's own feed tokens at once (audited); NOT_FOUND for others' or revoked ones. */
export async function revokeFeedToken(tx: Executor, actor: Actor, tokenId: string | number): Promise<void> {
  const id = Number(tokenId);
  const [row] = Number.isSafeInteger(id) ? await tx.select().from(calendarFeedTokens).where(eq(calendarFeedTokens.id, id)) : [];
  if (!row || row.revokedAt) throw new AppError('NOT_FOUND', 'Diese Kalender-Adresse gibt es nicht oder sie ist schon widerrufen.');
  authorize(actor, 'calendar.manageFeed', { ownerUserId: row.userId });
  const now = new Date();
  await tx.update(calendarFeedTokens).set({ revokedAt: now }).where(eq(calendarFeedTokens.id, id));
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'calendar.feed.revoke', recordType: 'calendar_feed_token', recordId: id, before: { hint: row.hint }, after: { revokedAt: now.toISOString() } });
}

/**
 * The actor behind a feed token, or null for junk, unknown and revoked tokens, deactivated accounts
 * and accounts that may no longer read the calendar. The role and district are read fresh from the
 * account on every call, so a changed role changes the feed at once.
 */
export async function resolveFeedToken(db: Executor, token: string): Promise<Actor | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({ userId: calendarFeedTokens.userId })
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.tokenHash, hash(token)), isNull(calendarFeedTokens.revokedAt)));
  if (!row) return null;
  const user = await getUser(db, row.userId);
  if (!user.isActive) return null;
  let actor: Actor;
  if (user.role === 'district') {
    if (!user.ags) return null;
    actor = { userId: user.id, role: 'district', ags: user.ags };
  } else {
    actor = { userId: user.id, role: user.role };
  }
  return can(actor, 'calendar.read') ? actor : null;
}
