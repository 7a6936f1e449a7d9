/**
 * Projects (Maßnahmen) and Träger: the one record per project that § 5 of the agreement, the
 * Antrag, the Bescheid, the payments and the participant statistics refer to
 * (docs/decisions/0016). Other modules read and write projects only through these functions.
 */
export { countProjectsByDistrict, findDemoProjectIds, findProjects, findProviders, getProject, getProjectById, getProvider, measuresFromProjects } from './read';
export { createProvider, updateProvider } from './use-cases/save-provider';
export { auditView as projectAuditView, dropProject, saveProject } from './use-cases/save-project';
export { syncProjectTitles, type TitleChange } from './use-cases/sync-titles';
export { removeDemoProjects } from './use-cases/remove-demo';
export { type DemoProjectFigures, planDemoProjects } from './use-cases/demo-figures';
export { type ProjectCheckCode, projectCompletenessProblems, type ProjectProblem, projectRecordProblems } from './checks';
export { assertProjectsUnlocked, findProjectLock, lockProjects, PROJECT_LOCK_REASONS, projectLockMessage, type ProjectLockReason, unlockProjects } from './use-cases/lock-projects';
export { type Eckdaten, type EckdatenFigures, type EckdatenLand, type EckdatenMeasureType, type EckdatenProject, findEckdaten, findEckdatenLand } from './eckdaten';
