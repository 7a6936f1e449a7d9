/**
 * The calendar module's surface: the deadline calendar read from the other modules, and the
 * personal iCal feed tokens.
 */
export { berlinToday, type CalendarEntry, type CalendarFilter, findCalendarEntries } from './entries';
export { buildFeed, feedText } from './feed';
export { createFeedToken, FEED_TOKEN_PREFIX, type FeedTokenSummary, findFeedTokens, resolveFeedToken, revokeFeedToken } from './feed-tokens';
export { escapeText, foldLine, type IcalCalendar, type IcalEvent, writeIcal } from '../../platform/ical';
