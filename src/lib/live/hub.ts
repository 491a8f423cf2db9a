// The Worker side of the live tail: one subscription per log per isolate, one WebSocket to the
// log's object feeding every reader of that log in this isolate. A socket belongs to the request
// that opened it (workerd ties I/O to a request), so a reader owns it; when the owner leaves,
// the next active reader claims the subscription and opens a fresh socket in its own request.
// Frames are decoded once and fanned out as plain data into each reader's queue; readers in other
// requests are woken by awaiting one "changed" promise made in the owner's request, which the
// runtime resolves into each waiting request (cross-request promise following).
import { decodeFrame, type LiveFrame } from "../../shared/protocol/live-frame";
import type { LogInfo, LogPage, ReadFrom } from "../../shared/protocol/durable-streams";
import type { Result } from "../../shared/result";
import { frameCounters, SharedFrame } from "./shared-frame";

/** A log's read state; `totalSize` (Stream-Total-Size) when the log counts its size. */
export type SourceInfo = LogInfo & { totalSize?: number };
export type SourceReply = Result<{ info: SourceInfo; page: LogPage }>;

/** A log as a live reader sees it, bound to the reader's own request. */
export interface LogSource {
  /** Readers of the same key in this isolate share one subscription. */
  readonly key: string;
  read(from: ReadFrom): Promise<SourceReply>;
  /** Opens a live socket to the log's object (accepted), or null if it refuses. */
  connect(): Promise<WebSocket | null>;
}

export interface LiveMember {
  readonly source: LogSource;
  /** Called in whatever request owns the socket: must only touch plain data (the member wakes on `changed`). */
  onFrame(frame: SharedFrame): void;
}

/**
 * Frames reach readers' queues at once, but readers are woken at most once per coalescing window,
 * which grows with the number of readers; each wake then writes everything queued. A wake costs
 * 40-60 us of workerd's own work (timer, entering the request, the HTTP write), so the window keeps
 * a thousand readers near half a core: at 75 ms a slower machine saturated its one JS thread and
 * deliveries stalled for seconds (p99 0.6-1.6 s); at 120 ms p99 stays near 180-270 ms there.
 */
const COALESCE_MS_PER_READER = 0.12;
const MAX_COALESCE_MS = 120;

/** Reconnect backoff after a subscription's socket drops, doubling per attempt. */
const RECONNECT_BASE_MS = 100;
const RECONNECT_MAX_MS = 5_000;

export class Subscription {
  readonly members = new Set<LiveMember>();
  socket: WebSocket | null = null;
  owner: LiveMember | null = null;
  /** Nobody owns the socket and one is needed: the first member to run claims it. */
  needsOwner = true;
  tailSeq: number | null = null;
  closed = false;
  reconnects = 0;
  private signal: { promise: Promise<void>; resolve: () => void } | null = null;
  private lastNotifyMs = 0;
  private notifyTimer = 0;

  constructor(readonly key: string) {}

  /** Settles at the next frame or change of owner; made in the owner's request (null while none). */
  get changed(): Promise<void> | null {
    return this.signal?.promise ?? null;
  }

  /** How long readers may wait to batch frames: grows with the number of readers. */
  get coalesceMs(): number {
    return Math.min(MAX_COALESCE_MS, this.members.size * COALESCE_MS_PER_READER);
  }

  /** In the owner's request, after a frame: wake readers now, or once the coalescing window ends. */
  frameArrived(): void {
    const waitMs = this.lastNotifyMs + this.coalesceMs - Date.now();
    if (waitMs <= 0) return this.notify();
    if (this.notifyTimer !== 0) return;
    const owner = this.owner;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = 0;
      if (this.owner === owner) this.notify();
    }, waitMs);
  }

  /** In the owner's request: settle the current signal and, while a socket is open, start the next. */
  notify(): void {
    this.lastNotifyMs = Date.now();
    if (this.notifyTimer !== 0) clearTimeout(this.notifyTimer);
    this.notifyTimer = 0;
    const current = this.signal;
    this.signal = null;
    if (this.socket) {
      let resolve = () => {};
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      this.signal = { promise, resolve };
    }
    current?.resolve();
  }

  /** A synthetic frame with the last known tail, for members that just joined. */
  helloFrame(): SharedFrame | null {
    if (this.tailSeq === null) return null;
    return new SharedFrame({ prevSeq: this.tailSeq, tailSeq: this.tailSeq, closed: this.closed, gone: false, payload: null });
  }
}

const subscriptions = new Map<string, Subscription>();

export const liveStats = () => ({
  subscriptions: subscriptions.size,
  members: [...subscriptions.values()].reduce((sum, sub) => sum + sub.members.size, 0),
  ...frameCounters,
});

export function join(member: LiveMember): Subscription {
  const key = member.source.key;
  let sub = subscriptions.get(key);
  if (!sub) {
    sub = new Subscription(key);
    subscriptions.set(key, sub);
  }
  sub.members.add(member);
  const hello = sub.helloFrame();
  if (hello) member.onFrame(hello);
  return sub;
}

/** Leaves (in the member's own request); an owner closes its socket and hands the subscription on. */
export function leave(sub: Subscription, member: LiveMember): void {
  sub.members.delete(member);
  if (sub.owner === member) {
    sub.owner = null;
    const socket = sub.socket;
    sub.socket = null;
    try {
      socket?.close(1000, "reader left");
    } catch {
      // already closed
    }
    sub.needsOwner = true;
    sub.notify();
  }
  if (sub.members.size === 0 && subscriptions.get(sub.key) === sub) subscriptions.delete(sub.key);
}

/** Called from a member's own loop: if the subscription needs an owner, become it and connect. */
export async function claim(sub: Subscription, member: LiveMember): Promise<void> {
  if (!sub.needsOwner || !sub.members.has(member)) return;
  sub.needsOwner = false;
  sub.owner = member;
  if (sub.reconnects > 0) {
    const delayMs = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** (sub.reconnects - 1));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  let socket: WebSocket | null = null;
  try {
    socket = sub.owner === member ? await member.source.connect() : null;
  } catch {
    socket = null;
  }
  if (sub.owner !== member || !sub.members.has(member)) {
    socket?.close(1000, "owner left");
    return;
  }
  if (!socket) return dropped(sub, null);
  sub.socket = socket;
  socket.binaryType = "arraybuffer";
  socket.addEventListener("message", (event) => {
    if (event.data instanceof ArrayBuffer) deliver(sub, socket, event.data);
  });
  socket.addEventListener("close", () => dropped(sub, socket));
  socket.addEventListener("error", () => dropped(sub, socket));
  sub.notify();
}

function deliver(sub: Subscription, socket: WebSocket, data: ArrayBuffer): void {
  if (sub.socket !== socket) return;
  const frame: LiveFrame | null = decodeFrame(data);
  if (!frame) return;
  sub.reconnects = 0;
  if (frame.gone) {
    sub.closed = true;
  } else {
    sub.tailSeq = Math.max(sub.tailSeq ?? 0, frame.tailSeq);
    sub.closed = frame.closed;
  }
  const shared = new SharedFrame(frame);
  for (const member of sub.members) member.onFrame(shared);
  sub.frameArrived();
}

function dropped(sub: Subscription, socket: WebSocket | null): void {
  if (socket !== null && sub.socket !== socket) return;
  sub.socket = null;
  sub.owner = null;
  sub.reconnects += 1;
  sub.needsOwner = sub.members.size > 0;
  sub.notify();
}
