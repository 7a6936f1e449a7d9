/** The participant record and its value lists (records-schema.ts), the module's schema entry for other modules. */
export * from './records-schema';
