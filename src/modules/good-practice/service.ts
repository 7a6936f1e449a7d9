/**
 * Good practice (Gute Praxis, § 7): projects from the project records marked by the ministry or
 * proposed by their district, for the public catalogue (read by the portal, docs/decisions/0022).
 */
export { decideGoodPractice, findEntryOfProject, findGoodPracticeEntries, getGoodPracticeEntry, removeDemoGoodPractice, saveGoodPractice, seedDemoGoodPractice } from './entries';
export * from './schema';
