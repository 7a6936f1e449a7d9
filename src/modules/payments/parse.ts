import type { z } from 'zod';
import { AppError, issuesFromZod } from '../../platform/errors';

/** Parses with the schema or throws VALIDATION_FAILED with every issue (dotted paths, German messages). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message = 'Die Eingaben sind nicht gültig.'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', message, { issues: issuesFromZod(result.error) });
}
