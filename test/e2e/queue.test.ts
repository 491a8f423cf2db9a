// Prompts from two clients at once over real HTTP: answered one at a time in arrival order, each
// sendStream receiving only its own turn, and the log showing every transition.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ApiKeyCreated } from "../../src/shared/schemas/tenancy";
import { api, apiJson, apiKey, baseUrl } from "../helpers/e2e-api";
import { parseSse } from "../helpers/sse";

const LoggedEvents = z.array(z.looseObject({ type: z.string(), promptId: z.string().optional(), text: z.string().optional(), offset: z.string() }));
/** A user_message frame of a sendStream: the prompt's text is its content. */
const UserFrame = z.object({ content: z.unknown() });

function sendStream(key: string, sessionId: string, message: string) {
  return fetch(`${baseUrl}/v1/sessions/${sessionId}/send`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ message }),
  }).then((res) => res.text());
}

describe("queue over HTTP", () => {
  it("answers three concurrent prompts from two clients in order, each stream seeing only its turn", async () => {
    const second = await apiJson(ApiKeyCreated, "POST", "/v1/api-keys", { name: "second client" });
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    const messages = ["first from A", "call codespar_list_tools {}", "third from A"];
    const keys = [apiKey, second.full_key, apiKey];
    const bodies = await Promise.all(messages.map((message, i) => sendStream(keys[i] ?? apiKey, session.id, message)));

    bodies.forEach((body, i) => {
      const frames = parseSse(body).filter((frame) => !frame.comment);
      const users = frames.filter((frame) => frame.event === "user_message").map((frame) => UserFrame.parse(JSON.parse(frame.data ?? "{}")).content);
      expect(users).toEqual([messages[i]]);
      expect(frames.at(-1)?.event).toBe("done");
    });

    const res = await api("GET", `/v1/sessions/${session.id}/events?offset=-1`);
    expect(res.status).toBe(200);
    const log = LoggedEvents.parse(await res.json());
    const queued = log.filter((e) => e.type === "prompt_queued").map((e) => e.promptId);
    const started = log.filter((e) => e.type === "user_message").map((e) => e.promptId);
    expect(queued).toHaveLength(3);
    expect(started).toEqual(queued);
    // Turns never interleave: each user_message is followed by its own turn_complete before the next.
    const turnMarks = log.filter((e) => e.type === "user_message" || e.type === "turn_complete").map((e) => `${e.type}:${e.promptId}`);
    expect(turnMarks).toEqual(queued.flatMap((id) => [`user_message:${id}`, `turn_complete:${id}`]));
    expect(log.filter((e) => e.type === "queue_updated").length).toBeGreaterThanOrEqual(6);
    expect(log.some((e) => e.type === "tool_call")).toBe(true);
  });
});
