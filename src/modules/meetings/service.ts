/**
 * The Umsetzungsbesprechung (§ 6): other modules read meetings and follow-ups only through these
 * functions (calendar, tasks, agreements).
 */
export {
  findFollowUpsOpen,
  findMeeting,
  findMeetingDates,
  findMeetings,
  findMeetingsAwaiting,
  findOpenFollowUps,
  meetingPath,
  readMeeting,
  removeDemoMeetings,
} from './meetings';
export { seedDemoMeetings } from './demo';
export { MEETING_STATUS_LABELS, MeetingJsonSchema, meetingToJson, type FollowUp, type Meeting, type MeetingStatus } from './schema';
export { meetingApiRoutes } from './api-routes';
export { registerMeetingPaths } from './openapi';
