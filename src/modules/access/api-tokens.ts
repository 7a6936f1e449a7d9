import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { recordAuditEvent } from '../../platform/audit/store';
import { ApiTokenNameSchema } from './schema';
import { toActor } from './sessions';
import type { Actor, UserId } from './policy';
import { apiTokens, users } from './tables';
import { generateApiToken, hashToken, isApiTokenFormat } from './tokens';

export interface ApiTokenSummary {
  id: number;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a personal API token; the plain token is returned exactly once. Audited (name and hint only). */
export async function createApiToken(tx: Executor, userId: UserId, name: unknown): Promise<{ token: string; summary: ApiTokenSummary }> {
  const tokenName = unwrapZod(ApiTokenNameSchema.safeParse(name));
  const { token, hash, hint } = generateApiToken();
  const [row] = await tx.insert(apiTokens).values({ userId: userId, name: tokenName, tokenHash: hash, hint }).returning();
  if (!row) throw new Error('Token wurde nicht angelegt');
  await recordAuditEvent(tx, { actorId: userId, action: 'apiToken.create', recordType: 'api_token', recordId: row.id, before: null, after: { name: row.name, hint: row.hint, userId } });
  return { token, summary: row };
}

/** The user's tokens, newest first, revoked ones included. */
export async function findApiTokens(db: Executor, userId: UserId): Promise<ApiTokenSummary[]> {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, hint: apiTokens.hint, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes one of the user's own tokens at once; NOT_FOUND for someone else's. Audited. */
export async function revokeApiToken(tx: Executor, userId: UserId, tokenId: string | number): Promise<void> {
  const id = Number(tokenId);
  const [row] = Number.isSafeInteger(id) ? await tx.select().from(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId))) : [];
  if (!row) throw new AppError('NOT_FOUND', 'Dieses API-Token gibt es nicht.');
  if (row.revokedAt) return;
  const now = new Date();
  await tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id));
  await recordAuditEvent(tx, { actorId: userId, action: 'apiToken.revoke', recordType: 'api_token', recordId: id, before: { name: row.name, hint: row.hint }, after: { revokedAt: now.toISOString() } });
}

/** Revokes every still valid token of a user (password change, access reset); returns how many. */
export async function revokeAllApiTokens(tx: Executor, userId: UserId): Promise<number> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The actor behind a bearer token, or null for junk, unknown, revoked tokens and deactivated accounts. */
export async function authenticateApiToken(db: Executor, token: string): Promise<{ actor: Actor; name: string } | null> {
  if (!isApiTokenFormat(token)) return null;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (!row || !row.user.isActive) return null;
  const now = new Date();
  // At most one write per minute and token.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  const actor = toActor(row.user);
  return actor ? { actor, name: row.user.name } : null;
}
