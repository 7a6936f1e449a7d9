import { sql } from 'drizzle-orm';
import { char, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import type { AchievementRules, Judgement } from './schema';
import { JUDGEMENTS } from './schema';

/** The ministry's target-achievement rules of one AQB year (absent: DEFAULT_RULES). `rules` is parsed with AchievementRulesSchema on read. */
export const achievementRules = pgTable('achievement_rules', {
  year: integer('year')
    .primaryKey()
    .references(() => budgetYears.year),
  rules: jsonb('rules').$type<AchievementRules>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The ministry's final judgement of a district's year, with the proposal it was made against (the
 * figures may still change afterwards). A correction overwrites it with a new reason and a higher
 * version; the audit trail keeps every earlier judgement.
 */
export const achievementJudgements = pgTable(
  'achievement_judgements',
  {
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    judgement: text('judgement', { enum: JUDGEMENTS }).$type<Judgement>().notNull(),
    proposed: text('proposed', { enum: JUDGEMENTS }).$type<Judgement>(),
    reason: text('reason').notNull().default(''),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.ags] }),
    // A judgement that differs from the proposal carries its reason (checked in the use case with a German message too).
    check('achievement_judgements_reason', sql`${t.judgement} = ${t.proposed} or length(trim(${t.reason})) > 0`),
  ],
);
