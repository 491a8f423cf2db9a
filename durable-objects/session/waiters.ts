// Wake-ups for long-polls held inside the object (agent lease, permission answers): a waiter sleeps
// until notified or until its deadline, whichever comes first.
export class Waiters {
  private readonly sleepers = new Set<() => void>();

  /** Resolves true when notified, false at the deadline. */
  wait(timeoutMs: number): Promise<boolean> {
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (notified: boolean) => {
        clearTimeout(timer);
        this.sleepers.delete(onNotify);
        resolve(notified);
      };
      const onNotify = () => wake(true);
      const timer = setTimeout(() => wake(false), timeoutMs);
      this.sleepers.add(onNotify);
    });
  }

  notifyAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
