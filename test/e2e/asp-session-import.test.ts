// Taking a gateway session home: `capi import <gateway>/v1/sessions/<id>/events --agent claude`,
// replayed on the wire over real HTTP with the Durable Streams client capi is built on. The log is
// a normalized ASP stream: every event of an ASP type passes the ASP schema, the rest are gateway
// extensions an ASP consumer skips, and each reply reads once, as one assistant_message.
import { DurableStream } from "@durable-streams/client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AspEvent, isAspEventType } from "../../src/shared/schemas/asp";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { api, apiJson, apiKey, baseUrl } from "../helpers/e2e-api";

/** Gateway event types outside the ASP list: queue bookkeeping and streamed pieces (whole messages follow). */
const GATEWAY_EXTENSIONS = new Set(["prompt_queued", "queue_updated", "assistant_delta"]);

const Item = z.looseObject({ type: z.string(), text: z.string().optional() });

/** capi's readStream: one JSON-mode catch-up read through the client. */
async function readStream(url: string, headers: Record<string, string>): Promise<unknown[]> {
  const stream = new DurableStream({ url, headers, contentType: "application/json" });
  const response = await stream.stream<unknown>({ json: true, live: false });
  return response.json();
}

/** capi's streamExists: a stream with at least one item; any failure (404 included) means none. */
async function streamExists(url: string, headers: Record<string, string>): Promise<boolean> {
  try {
    return (await readStream(url, headers)).length > 0;
  } catch {
    return false;
  }
}

async function send(sessionId: string, message: string): Promise<void> {
  const res = await api("POST", `/v1/sessions/${sessionId}/send`, { message });
  const body = await res.text();
  expect(res.status, body).toBe(200);
}

describe("capi import of a gateway session", () => {
  it("reads the session as a normalized ASP stream: no native stream, each message once", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    // The first reply is long enough to stream in several pieces.
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const prompts = [long, "call codespar_list_tools {}", "thanks"];
    for (const prompt of prompts) await send(session.id, prompt);

    const url = `${baseUrl}/v1/sessions/${session.id}/events`;
    const headers = { Authorization: `Bearer ${apiKey}` };

    // capi first tries the URL as a short link (JSON, no credentials): a session log is not one.
    const asShortLink = await fetch(url, { headers: { accept: "application/json" } });
    expect(asShortLink.ok).toBe(false);
    await asShortLink.body?.cancel();
    // Then the lossless native stream for the target agent: the gateway has none.
    expect(await streamExists(`${url}/native/claude`, headers)).toBe(false);
    const native = await fetch(`${url}/native/claude?offset=-1`, { headers });
    expect(native.status).toBe(404);
    await native.body?.cancel();

    const items = await readStream(url, headers);
    const events = items.map((item) => Item.parse(item));
    const types = new Set(events.map((event) => event.type));
    for (const item of items) {
      const { type } = Item.parse(item);
      if (isAspEventType(type)) expect(AspEvent.safeParse(item).error?.issues ?? [], type).toEqual([]);
      else expect(GATEWAY_EXTENSIONS.has(type), `${type} is neither ASP nor a known extension`).toBe(true);
    }
    expect(types.has("session_init")).toBe(true);
    expect(types.has("assistant_delta")).toBe(true);

    // What capi's Claude converter turns into lines: the user and assistant messages, each once.
    const texts = (type: string) => events.flatMap((event) => (event.type === type && event.text !== undefined ? [event.text] : []));
    expect(texts("user_message")).toEqual(prompts);
    const replies = texts("assistant_message");
    expect(replies).toHaveLength(prompts.length);
    expect(replies[0]).toBe(`You said: ${long}`);
    expect(replies[1]).toMatch(/^Tool codespar_list_tools returned: /);
    expect(replies[2]).toBe("You said: thanks");
    expect(events.filter((event) => event.type === "tool_call")).toHaveLength(1);
    expect(events.filter((event) => event.type === "turn_complete")).toHaveLength(prompts.length);
  });
});
