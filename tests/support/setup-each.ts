import { configurePasswordHashing } from '../../src/modules/access/service';
import { loadConfig } from '../../src/platform/env';

/**
 * Runs in every test worker before its files: applies the configuration the server and the CLI
 * apply at start-up. vitest.config.ts sets a low Argon2id cost for the tests (through the same
 * PASSWORD_HASH_* variables an operator would use), so thousands of sign-ins in the fuzz tests do
 * not spend minutes hashing.
 */
configurePasswordHashing(loadConfig(process.env).passwordHash);
