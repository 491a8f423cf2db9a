// Live fan-out over real HTTP: many SSE readers of one stream, each in its own request (so frames
// reach them across requests from the one subscription their isolate holds), all receive every
// append exactly once and in order; a session's events tail the same way.
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";

const baseUrl = inject("baseUrl");
const auth = { authorization: `Bearer ${inject("apiKey")}` };
const Messages = z.array(z.unknown());
const Control = z.object({ streamNextOffset: z.string() });
/** The log compared whole with what the readers got: every field kept. */
const Log = z.array(z.looseObject({ type: z.string() }));
const Created = z.object({ id: z.string() });

/** Reads an SSE response until a control event reports `untilOffset` (or the stream ends). */
async function collect(response: Response, untilOffset: string): Promise<unknown[]> {
  if (!response.body) throw new Error("no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const messages: unknown[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return messages;
    buffer += value;
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf("\n\n");
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5))
        .join("\n");
      if (block.startsWith("event: data")) messages.push(...Messages.parse(JSON.parse(data)));
      if (block.startsWith("event: control") && Control.parse(JSON.parse(data)).streamNextOffset === untilOffset) {
        await reader.cancel();
        return messages;
      }
    }
  }
}

const offset = (seq: number) => `0000000000000000_${String(seq).padStart(16, "0")}`;

describe("live fan-out over HTTP", () => {
  it("delivers every append to every reader exactly once, in order", async () => {
    const url = `${baseUrl}/v1/stream/fanout-${Date.now()}`;
    const created = await fetch(url, { method: "PUT", headers: { ...auth, "content-type": "application/json" } });
    expect(created.status).toBe(201);
    const readerCount = 20;
    const total = 30;
    const responses = await Promise.all(Array.from({ length: readerCount }, () => fetch(`${url}?offset=now&live=sse`, { headers: auth })));
    const collected = responses.map((response) => collect(response, offset(total)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let n = 1; n <= total; n += 1) {
      const res = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ n }) });
      expect(res.status).toBe(204);
    }
    const expected = Array.from({ length: total }, (_, i) => ({ n: i + 1 }));
    for (const messages of await Promise.all(collected)) expect(messages).toEqual(expected);
  });

  it("tails a session's events across requests until the session closes", async () => {
    const created = await fetch(`${baseUrl}/v1/sessions`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ servers: [] }),
    });
    const { id } = Created.parse(await created.json());
    const readers = await Promise.all([0, 1, 2].map(() => fetch(`${baseUrl}/v1/sessions/${id}/events?offset=-1&live=sse`, { headers: auth })));
    const tails = readers.map((response) => collect(response, "never"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = await fetch(`${baseUrl}/v1/sessions/${id}/send`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(sent.status).toBe(200);
    expect((await fetch(`${baseUrl}/v1/sessions/${id}`, { method: "DELETE", headers: auth })).status).toBe(204);
    const log = Log.parse(await (await fetch(`${baseUrl}/v1/sessions/${id}/events`, { headers: auth })).json());
    expect(log.at(-1)?.type).toBe("session_end");
    for (const messages of await Promise.all(tails)) expect(messages).toEqual(log);
  });
});
