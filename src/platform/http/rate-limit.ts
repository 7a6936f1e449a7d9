/**
 * A fixed-window counter per key in this process's memory (anonymous forms: no account to count
 * against, and nothing worth a table). Several processes each count on their own, which only
 * multiplies the limit by their number. Old windows are dropped as keys are seen again.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one request for `key`; false when the key has used up its limit in the current window. */
  take(key: string, now = Date.now()): boolean {
    const current = this.windows.get(key);
    if (!current || now - current.startedAt >= this.windowMs) {
      // Bounded memory: a flood of new keys evicts the oldest windows first (Map keeps insertion order).
      if (!current && this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
      this.windows.delete(key);
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    if (current.count >= this.limit) return false;
    current.count++;
    return true;
  }
}
