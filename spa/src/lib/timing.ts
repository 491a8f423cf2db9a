// Timing policy: reconnect backoff with jitter and when to renew the viewer token before it expires.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 15_000;
/** Renew this long before expiry (at most a quarter of the remaining lifetime). */
export const RENEW_MARGIN_MS = 60_000;
/** Never schedule a renewal sooner than this, so a skewed clock cannot cause a tight loop. */
export const RENEW_MIN_DELAY_MS = 2_000;
/** setTimeout's largest delay. */
export const TIMER_MAX_MS = 2_147_483_647;

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter". */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to renew a token that expires at `expiresAt` (unix ms), as a delay from `now`. */
export function renewalDelayMs(expiresAt: number, now: number): number {
  const remaining = expiresAt - now;
  const margin = Math.min(RENEW_MARGIN_MS, remaining / 4);
  return Math.min(TIMER_MAX_MS, Math.max(RENEW_MIN_DELAY_MS, Math.round(remaining - margin)));
}
