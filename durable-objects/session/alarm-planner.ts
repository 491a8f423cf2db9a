// The session object's one alarm, planned from the durable work it holds (lease expiries, webhook
// deliveries, a watchdog over managed turns) and set in the same write as that work.

/**
 * Longest a managed turn (running, or queued and free to start) waits after a crash or restart
 * before it resumes on its own: its watchdog alarm is never set further away than this. The alarm
 * re-arms while the turn runs, which also keeps the object awake (an alarm is an incoming event).
 */
export const RECOVERY_BOUND_MS = 30_000;

/** When some work next needs the alarm (unix ms; at or before `nowMs` means at once), or null. */
export type Deadline = (nowMs: number) => number | null;

export class AlarmPlanner {
  /** The alarm as this instance last set or read it: null for none, undefined until first read. */
  private armedAt: number | null | undefined;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly deadlines: readonly Deadline[],
  ) {}

  /** Reads the stored alarm; call while the constructor blocks other events. */
  async load(): Promise<void> {
    this.armedAt = await this.storage.getAlarm();
  }

  /** The alarm handler started: workerd clears the alarm it runs unless the handler sets another. */
  fired(): void {
    this.armedAt = null;
  }

  /**
   * Brings the alarm forward to the earliest deadline, or clears it when no work is left; an alarm
   * already due sooner stays (it fires early, finds little to do and plans again). Synchronous on
   * purpose: called inside (or right after, with no await between) the write that made the work,
   * the alarm commits in that same write, so no crash can leave work stored without its alarm.
   */
  plan(nowMs = Date.now()): void {
    let due: number | null = null;
    for (const deadline of this.deadlines) {
      const at = deadline(nowMs);
      if (at !== null && (due === null || at < due)) due = at;
    }
    if (due === null) this.clear();
    else this.armBy(due);
  }

  /** The alarm at `at` unless one is already set sooner. */
  armBy(at: number): void {
    if (this.armedAt !== undefined && this.armedAt !== null && this.armedAt <= at) return;
    this.armedAt = at;
    void this.storage.setAlarm(at);
  }

  private clear(): void {
    if (this.armedAt === null) return;
    this.armedAt = null;
    void this.storage.deleteAlarm();
  }
}
