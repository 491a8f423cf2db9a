// Sessions, share links and events for the viewer's end-to-end tests, made through the real API:
// managed sessions (answered by the local provider) and external ones whose events a test appends.
import { z } from "zod";
import { AgentAppended } from "../../src/shared/schemas/agent";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ShareLink, ViewerToken } from "../../src/shared/schemas/shares";
import { api, apiJson, baseUrl } from "./e2e-api";

export type ShareLink = z.output<typeof ShareLink>;

/** An event as the log holds it; fields beyond these are kept, untyped. */
export const LoggedEvent = z.looseObject({ type: z.string(), offset: z.string(), text: z.string().optional(), promptId: z.string().optional() });
export type LoggedEvent = z.output<typeof LoggedEvent>;
const LoggedEvents = z.array(LoggedEvent);

/** An event an external agent may append (assistant_message, tool_call, tool_result, thinking, ...). */
export type AgentEvent = { type: string } & Record<string, unknown>;

/** The agent API takes at most this many events per request. */
export const MAX_EVENTS_PER_APPEND = 500;

export async function createSession(runtime: "managed" | "external"): Promise<string> {
  const body = runtime === "external" ? { servers: [], runtime: { type: "external" } } : { servers: [] };
  return (await apiJson(SessionRow, "POST", "/v1/sessions", body)).id;
}

export function createShare(sessionId: string, mode: "live" | "snapshot", canPrompt = false): Promise<ShareLink> {
  return apiJson(ShareLink, "POST", `/v1/sessions/${sessionId}/shares`, { mode, can_prompt: canPrompt });
}

export async function revokeShare(code: string): Promise<void> {
  const res = await api("DELETE", `/v1/shares/${code}`);
  if (res.status !== 204) throw new Error(`DELETE /v1/shares/${code}: ${res.status} ${await res.text()}`);
}

/** Appends events in order, in requests of at most MAX_EVENTS_PER_APPEND. */
export async function appendEvents(sessionId: string, events: readonly AgentEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_APPEND) {
    await apiJson(AgentAppended, "POST", `/v1/sessions/${sessionId}/agent/events`, events.slice(start, start + MAX_EVENTS_PER_APPEND));
  }
}

export const message = (text: string): AgentEvent => ({ type: "assistant_message", text });

/** The whole log as the owner reads it (catch-up pages until up to date). */
export async function readLog(sessionId: string): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  let offset = "-1";
  for (;;) {
    const res = await api("GET", `/v1/sessions/${sessionId}/events?offset=${offset}`);
    if (res.status !== 200) throw new Error(`read log: ${res.status} ${await res.text()}`);
    events.push(...LoggedEvents.parse(await res.json()));
    offset = res.headers.get("stream-next-offset") ?? offset;
    if (res.headers.get("stream-up-to-date") === "true") return events;
  }
}

/** Exchanges a share code for a viewer token, as the viewer does. */
export async function viewerToken(code: string): Promise<{ token: string; sessionId: string; upToOffset: string | null }> {
  const res = await fetch(`${baseUrl}/api/shares/${code}/token`, { method: "POST" });
  if (res.status !== 200) throw new Error(`token exchange: ${res.status} ${await res.text()}`);
  return ViewerToken.parse(await res.json());
}

/** Reads the log with a viewer token (catch-up only); the status and whatever events came back. */
export async function readAsViewer(token: string, sessionId: string, offset = "-1"): Promise<{ status: number; events: LoggedEvent[] }> {
  const res = await fetch(`${baseUrl}/v1/sessions/${sessionId}/events?offset=${offset}`, { headers: { authorization: `Bearer ${token}` } });
  const events = res.status === 200 ? LoggedEvents.parse(await res.json()) : [];
  return { status: res.status, events };
}
