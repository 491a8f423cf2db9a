// How a reader held by one request waits. News from another request (a frame on the socket another
// request owns) arrives as that request's `changed` promise: awaiting a promise made in a different
// request is something workerd supports (it resolves it into the waiting request), while resolving
// a promise of another request from outside is not reliable. Timed work runs on a per-reader tick.
/** Whether this runtime resolves promises across requests at all (off in the Vitest pool's runner). */
export const CROSS_REQUEST_PROMISES = typeof Cloudflare !== "undefined" && Cloudflare.compatibilityFlags["handle_cross_request_promise_resolution"] === true;
/** Tick for readers when cross-request promises are unavailable: they re-check this often. */
export const POLL_SLICE_MS = 20;
/** While a subscription has no socket (connecting, changing owner) there is no news to await: re-check this often. */
export const NO_SIGNAL_POLL_MS = 25;

export class Waiter {
  private resolve: (() => void) | null = null;
  private ticker = 0;
  private followedOf: Promise<void> | null = null;

  /** Wakes the sleeper every `tickMs` from its own request; call in that request. */
  start(tickMs: number): void {
    this.ticker = setInterval(() => this.release(), CROSS_REQUEST_PROMISES ? tickMs : Math.min(tickMs, POLL_SLICE_MS));
  }

  stop(): void {
    clearInterval(this.ticker);
    this.release();
  }

  /** Sleeps until the next tick, a wake from this request, or `changed` (another request's news) settles. */
  sleep(changed: Promise<void> | null): Promise<void> {
    if (!changed && CROSS_REQUEST_PROMISES) return this.sleepFor(NO_SIGNAL_POLL_MS, null);
    return this.sleepOn(changed);
  }

  /** Sleeps at most `ms` (one timer for this sleep). */
  async sleepFor(ms: number, changed: Promise<void> | null): Promise<void> {
    const timer = setTimeout(() => this.release(), Math.max(0, CROSS_REQUEST_PROMISES ? ms : Math.min(ms, POLL_SLICE_MS)));
    await this.sleepOn(changed);
    clearTimeout(timer);
  }

  private sleepOn(changed: Promise<void> | null): Promise<void> {
    if (changed && CROSS_REQUEST_PROMISES && this.followedOf !== changed) {
      // Follow each signal once: when it settles (in the request that made it), release this sleeper.
      this.followedOf = changed;
      changed.then(
        () => this.release(),
        () => this.release(),
      );
    }
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
  }

  /** Wakes the sleeper; only from its own request. */
  release(): void {
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.();
  }
}
