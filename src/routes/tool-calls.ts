// A tool call's async status: payment and verification, each as JSON and as an SSE stream
// (Accept: text/event-stream): `snapshot` first, `update` on each change (the same object),
// `done` 5 s after a terminal status, then the stream closes; `: heartbeat` comments meanwhile.
// The status comes from the call's own output and the provider events correlated with it.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { correlatedEvents } from "../db/provider-events";
import { findToolCall, type IndexedToolCall } from "../db/tool-call-index";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { polledSse } from "../lib/live/polled-sse";
import { createRouter, ERR, rawJson } from "../lib/router";
import { scoped } from "../middleware/scope";
import { TERMINAL_PAYMENT, TERMINAL_VERIFICATION } from "../shared/provider-status";
import { sseFrame } from "../shared/protocol/sse";
import { PaymentStatusResult, VerificationStatusResult } from "../shared/schemas/tool-status";
import { paymentStatusResult, verificationStatusResult } from "../shared/status-result";

/** How long a stream stays open after a terminal status, for a late correction (a refund, a second event). */
export const DONE_AFTER_MS = 5_000;

const ToolCallParam = z.object({ id: z.string().min(1).max(64) });

export const toolCalls = createRouter();

async function requireCall(c: Context<AppEnv>, id: string): Promise<IndexedToolCall> {
  const call = await findToolCall(c.env.DB, c.get("principal").project.id, id);
  if (!call) throw new ApiError(404, "tool_call_not_found", `Tool call ${id} not found`);
  return call;
}

interface StatusKind<T> {
  read: (c: Context<AppEnv>, call: IndexedToolCall) => Promise<T>;
  terminal: (status: T) => boolean;
}

const payment: StatusKind<PaymentStatusResult> = {
  read: async (c, call) => paymentStatusResult(call, await correlatedEvents(c.env.DB, call, "payment")),
  terminal: (status) => TERMINAL_PAYMENT.has(status.payment_status),
};

const verification: StatusKind<VerificationStatusResult> = {
  read: async (c, call) => verificationStatusResult(call, await correlatedEvents(c.env.DB, call, "verification")),
  terminal: (status) => TERMINAL_VERIFICATION.has(status.verification_status),
};

/** The status stream: the D1 events are polled about once a second; an update goes out when the object changes. */
function statusStream<T>(c: Context<AppEnv>, call: IndexedToolCall, kind: StatusKind<T>, first: T): Response {
  let current = first;
  let sent = JSON.stringify(first);
  let doneAtMs = kind.terminal(first) ? Date.now() + DONE_AFTER_MS : null;
  return polledSse(
    { frames: [sseFrame("snapshot", first)] },
    async () => {
      const frames: string[] = [];
      const next = await kind.read(c, call);
      const text = JSON.stringify(next);
      if (text !== sent) {
        frames.push(sseFrame("update", next));
        [current, sent] = [next, text];
      }
      if (doneAtMs === null && kind.terminal(current)) doneAtMs = Date.now() + DONE_AFTER_MS;
      if (doneAtMs !== null && Date.now() >= doneAtMs) return { frames: [...frames, sseFrame("done", current)], end: true };
      return { frames };
    },
    { signal: c.req.raw.signal },
  );
}

const wantsStream = (c: Context<AppEnv>) => c.req.header("accept")?.includes("text/event-stream") === true;

const NOT_FOUND = { ...ERR[404], description: "No such tool call in this project (tool_call_not_found)" };
const streamContent = <T extends z.ZodType>(schema: T) => ({ "text/event-stream": { schema: z.string() }, "application/json": { schema } });

function mountStatus<T>(name: "payment" | "verification", schema: z.ZodType<T>, kind: StatusKind<T>): void {
  toolCalls.openapi(
    createRoute({
      method: "get",
      path: `/{id}/${name}-status`,
      tags: ["Tool calls"],
      summary: `The ${name} status of a tool call, from provider webhooks correlated with it`,
      ...scoped("sessions", "read"),
      request: { params: ToolCallParam },
      responses: { 200: rawJson(schema, `The ${name} status`), 401: ERR[401], 404: NOT_FOUND },
    }),
    async (c) => {
      const call = await requireCall(c, c.req.valid("param").id);
      return Response.json(await kind.read(c, call));
    },
  );

  toolCalls.openapi(
    createRoute({
      method: "get",
      path: `/{id}/${name}-status/stream`,
      tags: ["Tool calls"],
      summary: `The ${name} status as SSE (Accept: text/event-stream; otherwise the JSON status once)`,
      description: "Events: `snapshot` first, `update` on each change, `done` 5 s after a terminal status (then the stream closes); `: heartbeat` every 15 s.",
      ...scoped("sessions", "read"),
      request: { params: ToolCallParam },
      responses: { 200: { description: `SSE of the ${name} status`, content: streamContent(schema) }, 401: ERR[401], 404: NOT_FOUND },
    }),
    async (c) => {
      const call = await requireCall(c, c.req.valid("param").id);
      const first = await kind.read(c, call);
      return wantsStream(c) ? statusStream(c, call, kind, first) : Response.json(first);
    },
  );
}

mountStatus("payment", PaymentStatusResult, payment);
mountStatus("verification", VerificationStatusResult, verification);
