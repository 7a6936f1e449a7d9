/**
 * The access module's surface for other modules: accounts, sessions, API tokens. Routes and
 * views of other modules read the request's actor with `getActor` (context.ts) or the helpers in
 * middleware.ts (requireActor, requirePermission); the page shell reads the signed-in viewer from the request.
 */
export { createApiToken, findApiTokens, revokeApiToken, authenticateApiToken, type ApiTokenSummary } from './api-tokens';
export { createSession, resolveSession, deleteSession, deleteUserSessions, purgeExpiredSessions, isTotpRequired, IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS } from './sessions';
export { signInWithPassword, completeTotpSignIn, isThrottled, purgeLoginAttempts, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from './sign-in';
export { createUser, updateUser, getActorByEmail, deactivateUser, reactivateUser, resetUserAccess, findUsers, getUser, findUserByEmail, findUserNames, type UserSummary } from './users';
export { seedDemoUsers, removeDemoUsers, DEMO_ACCOUNTS, findDemoAccounts } from './demo-users';
export { configurePasswordHashing } from './passwords';
