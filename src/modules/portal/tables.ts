import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';

/** Messages sent through the feedback form of the Erklärung zur Barrierefreiheit. */
export const portalFeedback = pgTable('portal_feedback', {
  id: serial('id').primaryKey(),
  message: text('message').notNull(),
  /** Optional e-mail address or other contact the sender wants an answer at. */
  contact: text('contact'),
  /** The portal page the feedback is about, as entered by the sender. */
  pageUrl: text('page_url'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The staff's answer or note on what was done (HessBGG: someone acts on the feedback). */
  answer: text('answer'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
});

/** Editable public pages (Impressum, Datenschutz): plain text, paragraphs separated by blank lines. */
export const portalPages = pgTable('portal_pages', {
  slug: text('slug', { enum: ['impressum', 'datenschutz'] }).primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** User id of the last editor; null for the seeded text. */
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

/** Portal settings as key/value (e.g. `opendata.licence`), validated by the service. */
export const portalSettings = pgTable('portal_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
