import type { z } from 'zod';
import { AppError, issuesFromZod } from '../../platform/errors';

/**
 * Parses with the schema or throws VALIDATION_FAILED with every issue and a German summary naming
 * what was wrong. (platform/errors' unwrapZod types its message as the one default literal, so a
 * message of our own would not type-check there.)
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', message, { issues: issuesFromZod(result.error) });
}
