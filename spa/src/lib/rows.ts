// The view model: folds decoded log items (session or ASP events), in offset order and each offset once, into display rows (tools
// paired with results by callId, permissions with answers, streamed pieces grown into one message), header metadata, queue and usage.
import { type Incoming, isAfter, offsetOf, type LoggedEvent, type ViewerEvent } from "./events";

type Ev<T extends ViewerEvent["type"]> = Extract<ViewerEvent, { type: T }>;
type Fields<T extends ViewerEvent["type"]> = Omit<Ev<T>, "v" | "type" | "ts">;

export type QueueSnapshot = Fields<"queue_updated"> & { offset: string };
export type QueueItem = QueueSnapshot["items"][number];
export type ToolCall = Fields<"tool_call">;
export type ToolResult = Fields<"tool_result"> & { ts: number };
export type PermissionRequest = Fields<"permission_request">;
export type PermissionAnswer = Fields<"permission_response"> & { ts: number };

/** `key` is the offset of the event that created the row; `ts` its time (unix ms). */
export type Row = { key: string; ts: number | null } & (
  | ({ kind: "init" } & Fields<"session_init">)
  | ({ kind: "user" } & Fields<"user_message">)
  | ({ kind: "queued" } & Fields<"user_message_queued"> & Partial<Pick<Fields<"prompt_queued">, "promptId" | "position">>)
  | ({ kind: "assistant"; lead: boolean; streaming: boolean } & Fields<"assistant_message">)
  | ({ kind: "thinking" } & Fields<"thinking">)
  | { kind: "tool"; callId: string; call: ToolCall | null; result: ToolResult | null }
  | { kind: "permission"; requestId: string; request: PermissionRequest | null; response: PermissionAnswer | null }
  | ({ kind: "turn" } & Fields<"turn_complete">)
  | ({ kind: "aborted" } & Fields<"turn_aborted">)
  | ({ kind: "compaction" } & Fields<"compaction">)
  | ({ kind: "error" } & Fields<"error">)
  | ({ kind: "end" } & Fields<"session_end">)
  | { kind: "unknown"; type: string }
);
export type RowKind = Row["kind"];

export interface SessionMeta {
  sessionId: string | null;
  agent: string | null;
  model: string | null;
  cwd: string | null;
  runtime: NonNullable<Ev<"session_init">["runtime"]> | null;
  git: Ev<"session_init">["git"] | null;
  startedAt: number | null;
  endedAt: number | null;
  endReason: NonNullable<Ev<"session_end">["reason"]> | null;
}

export interface Totals {
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
}

export interface ViewState {
  readonly rows: readonly Row[];
  readonly lastOffset: string | null;
  readonly toolIndex: ReadonlyMap<string, number>;
  readonly permissionIndex: ReadonlyMap<string, number>;
  /** promptIds that arrived as user_message. */
  readonly delivered: ReadonlySet<string>;
  /** promptId -> offset of the last event that showed it waiting in the queue. */
  readonly queueSeen: ReadonlyMap<string, string>;
  readonly queue: QueueSnapshot | null;
  readonly meta: SessionMeta;
  readonly totals: Totals;
  readonly turnOpen: boolean;
  readonly needsLead: boolean;
  /** The assistant row that streamed pieces (`assistant_delta` events) are growing, until its whole message arrives. */
  readonly streamingAt: number | null;
  readonly ended: boolean;
}

export function emptyView(): ViewState {
  return {
    rows: [],
    lastOffset: null,
    toolIndex: new Map(),
    permissionIndex: new Map(),
    delivered: new Set(),
    queueSeen: new Map(),
    queue: null,
    meta: { sessionId: null, agent: null, model: null, cwd: null, runtime: null, git: null, startedAt: null, endedAt: null, endReason: null },
    totals: { turns: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0 },
    turnOpen: false,
    needsLead: true,
    streamingAt: null,
    ended: false,
  };
}

type Draft = { -readonly [K in keyof ViewState]: ViewState[K] } & {
  rows: Row[];
  toolIndex: Map<string, number>;
  permissionIndex: Map<string, number>;
  delivered: Set<string>;
  queueSeen: Map<string, string>;
};

/**
 * Applies a batch of items in order. Items at or before the last applied offset (replays after a
 * reconnect) and, for snapshots, past `limit` are dropped. Returns `state` itself when nothing applies.
 */
export function applyItems(state: ViewState, items: readonly Incoming[], limit: string | null = null): ViewState {
  let last = state.lastOffset;
  const fresh: Incoming[] = [];
  for (const item of items) {
    const offset = offsetOf(item);
    if (!isAfter(offset, last) || (limit !== null && offset > limit)) continue;
    fresh.push(item);
    last = offset;
  }
  if (fresh.length === 0) return state;
  const draft: Draft = {
    ...state,
    rows: state.rows.slice(),
    toolIndex: new Map(state.toolIndex),
    permissionIndex: new Map(state.permissionIndex),
    delivered: new Set(state.delivered),
    queueSeen: new Map(state.queueSeen),
    meta: { ...state.meta },
    totals: { ...state.totals },
    lastOffset: last,
  };
  for (const item of fresh) {
    if (item.kind === "unknown") draft.rows.push({ key: item.offset, ts: item.ts, kind: "unknown", type: item.type });
    else applyEvent(draft, item.event);
  }
  return draft;
}

/** The event's own fields, without the envelope. */
function strip<E extends { v: 1; type: string; ts: number; offset: string }>(event: E): Omit<E, "v" | "type" | "ts" | "offset"> {
  const { v: _v, type: _t, ts: _ts, offset: _o, ...rest } = event;
  return rest;
}

function applyEvent(d: Draft, event: LoggedEvent): void {
  const key = event.offset;
  const ts = event.ts;
  switch (event.type) {
    case "session_init": {
      const fields = strip(event);
      d.meta.sessionId = fields.sessionId;
      // An external agent's init names no agent (the gateway cannot know it) until the agent sends agent_info.
      d.meta.agent = fields.runtime === "external" && fields.agent === "external" ? "External agent" : fields.agent;
      d.meta.model = fields.model ?? null;
      d.meta.cwd = fields.cwd ?? null;
      d.meta.runtime = fields.runtime ?? null;
      d.meta.git = fields.git ?? null;
      d.meta.startedAt ??= ts;
      d.rows.push({ key, ts, kind: "init", ...fields });
      d.needsLead = true;
      return;
    }
    case "user_message": {
      const fields = strip(event);
      if (fields.promptId !== undefined) d.delivered.add(fields.promptId);
      d.rows.push({ key, ts, kind: "user", ...fields });
      d.turnOpen = true;
      d.streamingAt = null;
      d.needsLead = true;
      return;
    }
    case "prompt_queued": {
      const fields = strip(event);
      if (!d.delivered.has(fields.promptId)) d.queueSeen.set(fields.promptId, key);
      d.rows.push({ key, ts, kind: "queued", ...fields });
      return;
    }
    case "user_message_queued":
      d.rows.push({ key, ts, kind: "queued", ...strip(event) });
      return;
    case "queue_updated": {
      const fields = strip(event);
      d.queue = { ...fields, offset: key };
      for (const item of fields.items) d.queueSeen.set(item.promptId, key);
      if (fields.running) d.queueSeen.set(fields.running.promptId, key);
      return;
    }
    case "assistant_delta":
    case "assistant_message": {
      const fields = strip(event);
      const streaming = event.type === "assistant_delta";
      const at = d.streamingAt;
      const open = at === null ? undefined : d.rows[at];
      d.streamingAt = null;
      if (at !== null && open?.kind === "assistant" && open.iteration === fields.iteration) {
        // Pieces grow one row; the whole message that follows replaces them (and ends the stream).
        const text = streaming ? open.text + fields.text : fields.text;
        d.rows[at] = { key: open.key, ts: open.ts, kind: "assistant", lead: open.lead, ...fields, text, streaming };
        if (streaming) d.streamingAt = at;
        return;
      }
      if (streaming) d.streamingAt = d.rows.length;
      d.rows.push({ key, ts, kind: "assistant", lead: d.needsLead, ...fields, streaming });
      d.needsLead = false;
      return;
    }
    case "thinking": {
      const fields = strip(event);
      d.rows.push({ key, ts, kind: "thinking", ...fields });
      return;
    }
    case "tool_call": {
      const call = strip(event);
      const at = d.toolIndex.get(call.callId);
      const existing = at === undefined ? undefined : d.rows[at];
      if (at !== undefined && existing?.kind === "tool") {
        if (existing.call === null) d.rows[at] = { ...existing, call };
        return;
      }
      d.toolIndex.set(call.callId, d.rows.length);
      d.rows.push({ key, ts, kind: "tool", callId: call.callId, call, result: null });
      return;
    }
    case "tool_result": {
      const result = { ...strip(event), ts };
      const at = d.toolIndex.get(result.callId);
      const existing = at === undefined ? undefined : d.rows[at];
      if (at !== undefined && existing?.kind === "tool") {
        d.rows[at] = { ...existing, result };
        return;
      }
      d.toolIndex.set(result.callId, d.rows.length);
      d.rows.push({ key, ts, kind: "tool", callId: result.callId, call: null, result });
      return;
    }
    case "permission_request": {
      const request = strip(event);
      const at = d.permissionIndex.get(request.requestId);
      const existing = at === undefined ? undefined : d.rows[at];
      if (at !== undefined && existing?.kind === "permission") {
        if (existing.request === null) d.rows[at] = { ...existing, request };
        return;
      }
      d.permissionIndex.set(request.requestId, d.rows.length);
      d.rows.push({ key, ts, kind: "permission", requestId: request.requestId, request, response: null });
      return;
    }
    case "permission_response": {
      const response = { ...strip(event), ts };
      const at = d.permissionIndex.get(response.requestId);
      const existing = at === undefined ? undefined : d.rows[at];
      if (at !== undefined && existing?.kind === "permission") {
        d.rows[at] = { ...existing, response };
        return;
      }
      d.permissionIndex.set(response.requestId, d.rows.length);
      d.rows.push({ key, ts, kind: "permission", requestId: response.requestId, request: null, response });
      return;
    }
    case "turn_complete": {
      const fields = strip(event);
      d.totals.turns += 1;
      if (fields.usage) {
        d.totals.inputTokens += fields.usage.inputTokens ?? 0;
        d.totals.outputTokens += fields.usage.outputTokens ?? 0;
        d.totals.cachedInputTokens += fields.usage.cachedInputTokens ?? 0;
        d.totals.costUsd += fields.usage.costUsd ?? 0;
      }
      d.rows.push({ key, ts, kind: "turn", ...fields });
      d.turnOpen = false;
      d.streamingAt = null;
      d.needsLead = true;
      return;
    }
    case "turn_aborted": {
      const fields = strip(event);
      d.rows.push({ key, ts, kind: "aborted", ...fields });
      d.turnOpen = false;
      d.streamingAt = null;
      d.needsLead = true;
      return;
    }
    case "compaction": {
      const fields = strip(event);
      d.rows.push({ key, ts, kind: "compaction", ...fields });
      return;
    }
    case "error": {
      const fields = strip(event);
      d.rows.push({ key, ts, kind: "error", ...fields });
      return;
    }
    case "agent_info":
      // The agent's own name and model win over session_init's (an external agent's says only "external").
      if (event.name !== undefined) d.meta.agent = event.name;
      if (event.model !== undefined) d.meta.model = event.model;
      return;
    case "session_end": {
      d.meta.endedAt = ts;
      d.meta.endReason = event.reason ?? null;
      d.rows.push({ key, ts, kind: "end", reason: event.reason });
      d.ended = true;
      d.turnOpen = false;
      return;
    }
  }
}

export type SessionStatus = "starting" | "working" | "paused" | "idle" | "ended";

export function sessionStatus(view: ViewState): SessionStatus {
  if (view.ended) return "ended";
  if (view.turnOpen || view.queue?.running) return "working";
  if (view.queue?.paused) return "paused";
  return view.meta.startedAt === null ? "starting" : "idle";
}
