// The five session calls as the CodeSpar SDK makes them (/work/shared/spec/wire-contract.md):
// create, execute, send (JSON), sendStream (SSE) and close (DELETE), each with the SDK's headers
// (Bearer key, Content-Type: application/json on every method). For scripts that drive a server
// the way the SDK does: the session API benchmark and the frame latency measurement. A non-2xx
// answer throws with its status and body, so nothing measures a run of errors.
import { z } from "zod";

/** The parts of the answers the SDK reads and these scripts check. */
const Created = z.looseObject({ id: z.string(), status: z.literal("active") });
const ToolResult = z.looseObject({ success: z.boolean(), error: z.string().nullable() });
const SendResult = z.looseObject({ message: z.string(), tool_calls: z.array(z.unknown()), iterations: z.number() });

/**
 * One SSE frame as it arrived: its `event:` name, its `data:` text, and when the chunk that
 * completed it was read (`performance.now()`).
 * @typedef {{ event: string; data: string; at: number }} Frame
 */

/**
 * @typedef {object} SdkClient
 * @property {(body: Record<string, unknown>) => Promise<string>} createSession POST /v1/sessions; the new session's id
 * @property {(id: string, tool: string, input: Record<string, unknown>) => Promise<z.infer<typeof ToolResult>>} execute
 * @property {(id: string, message: string) => Promise<z.infer<typeof SendResult>>} send
 * @property {(id: string, message: string) => AsyncGenerator<Frame>} sendStream every frame up to the end of the stream
 * @property {(id: string) => Promise<void>} close
 */

/**
 * Frames of an SSE response, heartbeats (`: ping`) left out.
 * @param {Response} res
 * @returns {AsyncGenerator<Frame>}
 */
export async function* readFrames(res) {
  if (!res.body) throw new Error(`${res.url}: an SSE response without a body`);
  let buffer = "";
  for await (const text of res.body.pipeThrough(new TextDecoderStream())) {
    const at = performance.now();
    buffer += text;
    const parts = buffer.split("\n\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) {
      const event = /^event: (\S+)/m.exec(part)?.[1];
      if (event) yield { event, data: /^data: (.*)$/m.exec(part)?.[1] ?? "", at };
    }
  }
}

/**
 * @param {string} url the server's origin
 * @param {string} key the `csk_` key sent as the Bearer token
 * @returns {SdkClient}
 */
export function sdkClient(url, key) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Record<string, string>} [extra]
   */
  const call = async (method, path, body, extra = {}) => {
    const res = await fetch(`${url}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    createSession: async (body) => Created.parse(await (await call("POST", "/v1/sessions", body)).json()).id,
    execute: async (id, tool, input) => ToolResult.parse(await (await call("POST", `/v1/sessions/${id}/execute`, { tool, input })).json()),
    send: async (id, message) => SendResult.parse(await (await call("POST", `/v1/sessions/${id}/send`, { message }, { accept: "application/json" })).json()),
    async *sendStream(id, message) {
      const res = await call("POST", `/v1/sessions/${id}/send`, { message }, { accept: "text/event-stream" });
      yield* readFrames(res);
    },
    close: async (id) => {
      // The SDK reads nothing from the 204; the body is drained so the connection can be reused.
      await (await call("DELETE", `/v1/sessions/${id}`)).arrayBuffer();
    },
  };
}
