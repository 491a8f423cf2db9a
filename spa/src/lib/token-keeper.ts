// Keeps a fresh viewer token: exchanges the share code, renews before expiry (and on demand after
// a 401), retries transient failures with backoff, and reports a revoked or expired link once.
import { type ApiError, type ApiResult, type FetchLike, isGone, requestToken, type ShareToken } from "./api";
import { backoffMs, renewalDelayMs } from "./timing";

export interface TokenKeeperOptions {
  code: string;
  fetch: FetchLike;
  onRenewed: (token: ShareToken) => void;
  onGone: (error: ApiError) => void;
  now?: () => number;
  random?: () => number;
}

export type RenewOutcome = "ok" | "gone" | "failed";

export class TokenKeeper {
  private token: ShareToken | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<RenewOutcome> | null = null;
  private failures = 0;
  private stopped = false;
  private gone = false;

  constructor(private readonly options: TokenKeeperOptions) {}

  get current(): ShareToken | null {
    return this.token;
  }

  /** The first exchange; renewals are scheduled only when it succeeds. */
  async start(): Promise<ApiResult<ShareToken>> {
    const result = await requestToken(this.options.fetch, this.options.code);
    if (result.ok && !this.stopped) this.accept(result.value);
    return result;
  }

  /** Renews now; concurrent callers share one request. */
  renewNow(): Promise<RenewOutcome> {
    if (this.gone) return Promise.resolve("gone");
    this.inflight ??= this.renew().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<RenewOutcome> {
    const result = await requestToken(this.options.fetch, this.options.code);
    if (this.stopped) return "failed";
    if (result.ok) {
      this.failures = 0;
      this.accept(result.value);
      this.options.onRenewed(result.value);
      return "ok";
    }
    if (isGone(result.error)) {
      this.gone = true;
      this.stop();
      this.options.onGone(result.error);
      return "gone";
    }
    this.schedule(backoffMs(this.failures, this.options.random));
    this.failures += 1;
    return "failed";
  }

  private accept(token: ShareToken): void {
    this.token = token;
    this.schedule(renewalDelayMs(token.expiresAt, (this.options.now ?? Date.now)()));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.renewNow();
    }, delayMs);
  }
}
