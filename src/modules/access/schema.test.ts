import { describe, expect, it } from 'vitest';
import { ApiTokenNameSchema, CreateUserSchema, normaliseEmail, SignInSchema } from './schema';

describe('access input schemas', () => {
  it('refuses control characters (PostgreSQL cannot store NUL) in names', () => {
    expect(ApiTokenNameSchema.safeParse('Skript\u0000').success).toBe(false);
    expect(ApiTokenNameSchema.safeParse('Skript Auswertung').success).toBe(true);
    const user = CreateUserSchema.safeParse({ email: 'a@b.de', name: 'Eva\u0007', role: 'hmsi' });
    expect(user.success).toBe(false);
    expect(user.error?.issues[0]?.message).toContain('Der Text enthält ein Steuerzeichen (U+0007).');
  });

  it('normalises e-mail addresses for storage and comparison', () => {
    expect(normaliseEmail('  Eva.Muster@HMSI.Hessen.de ')).toBe('eva.muster@hmsi.hessen.de');
    expect(normaliseEmail('a\u0000b@c.de')).toBe('ab@c.de');
    expect(SignInSchema.parse({ email: ' X@Y.DE', password: 'p' }).email).toBe('x@y.de');
  });

  it('binds exactly district accounts to an AGS', () => {
    expect(CreateUserSchema.safeParse({ email: 'a@b.de', name: 'A', role: 'district', ags: '06439' }).success).toBe(true);
    expect(CreateUserSchema.safeParse({ email: 'a@b.de', name: 'A', role: 'district' }).success).toBe(false);
    expect(CreateUserSchema.safeParse({ email: 'a@b.de', name: 'A', role: 'admin', ags: '06439' }).success).toBe(false);
    expect(CreateUserSchema.safeParse({ email: 'a@b.de', name: 'A', role: 'admin', ags: '' }).success).toBe(true);
  });
});
