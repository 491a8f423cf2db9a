// How a reader held by one request is woken from another request's event (a frame arriving on the
// socket another request owns). workerd runs the woken continuation in the reader's own request when
// `handle_cross_request_promise_resolution` is on (the default for current compatibility dates);
// where it is off (the Vitest pool's runner turns it off), readers re-check in short slices instead.
export const CROSS_REQUEST_WAKE = typeof Cloudflare !== "undefined" && Cloudflare.compatibilityFlags["handle_cross_request_promise_resolution"] === true;
/** Re-check interval for readers when cross-request wake-ups are unavailable. */
export const POLL_SLICE_MS = 20;

export class Waiter {
  private resolve: (() => void) | null = null;

  /** Sleeps up to `ms`, or until woken. */
  async sleep(ms: number): Promise<void> {
    let timer = 0;
    await new Promise<void>((resolve) => {
      this.resolve = resolve;
      timer = setTimeout(resolve, Math.max(0, CROSS_REQUEST_WAKE ? ms : Math.min(ms, POLL_SLICE_MS)));
    });
    this.resolve = null;
    clearTimeout(timer);
  }

  wake(): void {
    if (!CROSS_REQUEST_WAKE) return;
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.();
  }
}
