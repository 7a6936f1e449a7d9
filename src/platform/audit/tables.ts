import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained audit trail (src/platform/audit/chain.ts). `sequence` is the
 * position in the chain (1, 2, 3 … without gaps), assigned under the chain-head lock.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    sequence: bigint('sequence', { mode: 'number' }).primaryKey(),
    // Inserted with millisecond precision, so toISOString() after a round trip gives the hashed value.
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_events_record').on(t.recordType, t.recordId)],
);

/**
 * Exactly one row (id = 1): the last sequence and hash. Writers lock it with SELECT … FOR UPDATE,
 * so concurrent transactions append one after the other and the chain never forks.
 */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  sequence: bigint('sequence', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
