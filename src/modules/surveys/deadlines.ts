import type { Executor } from '../../platform/db/client';
import { findResponses, findSentSurveys } from './read';

/** One district's survey deadline, for the calendar (and through it the e-mail reminders). */
export interface SurveyDeadline {
  surveyId: number;
  year: number;
  title: string;
  ags: string;
  deadline: string;
  isSubmitted: boolean;
  submittedOn: Date | null;
  isDemo: boolean;
  /** When the survey was sent (the calendar's DTSTAMP while the response is open). */
  sentAt: Date;
}

/** The deadline of every sent survey for each recipient (no policy: the calendar filters by its own). */
export async function surveyDeadlines(db: Executor, filter: { year?: number; ags?: string } = {}): Promise<SurveyDeadline[]> {
  const sent = (await findSentSurveys(db)).filter((s) => s.deadline !== null && (filter.year === undefined || s.year === filter.year));
  const responses = await findResponses(db, sent.map((s) => s.id));
  const out: SurveyDeadline[] = [];
  for (const s of sent) {
    for (const r of responses.filter((x) => x.surveyId === s.id && (filter.ags === undefined || x.ags === filter.ags))) {
      out.push({ surveyId: s.id, year: s.year, title: s.definition.title, ags: r.ags, deadline: s.deadline!, isSubmitted: r.status === 'eingereicht', submittedOn: r.submittedAt, isDemo: s.isDemo, sentAt: s.sentAt ?? s.updatedAt });
    }
  }
  return out;
}
