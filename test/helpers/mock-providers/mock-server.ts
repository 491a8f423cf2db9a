// A scripted model-provider server on 127.0.0.1 (random free port): each request takes the next
// reply, which streams recorded SSE frames (optionally sliced, stalled or cut) or answers with JSON.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { text as readText } from "node:stream/consumers";

/** Pause between frames, so the client reads them as separate chunks. */
const FRAME_DELAY_MS = 5;
/** Pause between slices of a sliced body: enough to hand the client separate reads. */
const SLICE_DELAY_MS = 1;

export type MockReply =
  | {
      kind: "stream";
      frames: string[];
      /** Write the whole body in slices of this many characters instead of frame by frame. */
      sliceChars?: number;
      /** Send this many frames, then keep the connection open and silent. */
      stallAfterFrames?: number;
      /** Send this many frames, then destroy the socket (a connection cut mid-stream). */
      cutAfterFrames?: number;
    }
  | { kind: "json"; status: number; body: unknown }
  /** Accept the request and never answer: no status line, no byte. */
  | { kind: "silent" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface MockProvider {
  /** Origin of the server, e.g. http://127.0.0.1:41234 */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startMockProvider(options: { path: string; replies: MockReply[] }): Promise<MockProvider> {
  const replies = [...options.replies];
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded = await record(request);
    requests.push(recorded);
    if (recorded.method !== "POST" || recorded.path !== options.path) {
      return json(response, 404, { error: { type: "not_found_error", message: `no route ${recorded.method} ${recorded.path}` } });
    }
    const reply = replies.shift();
    if (!reply) return json(response, 500, { error: { type: "api_error", message: "the mock has no scripted reply left" } });
    if (reply.kind === "silent") return;
    if (reply.kind === "json") return json(response, reply.status, reply.body);
    await stream(response, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("mock provider has no TCP address");

  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function record(request: IncomingMessage): Promise<RecordedRequest> {
  const text = await readText(request);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  const body: unknown = text ? JSON.parse(text) : null;
  return { method: request.method ?? "", path: new URL(request.url ?? "/", "http://mock").pathname, headers, body };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function stream(response: ServerResponse, reply: Extract<MockReply, { kind: "stream" }>): Promise<void> {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  response.flushHeaders();
  const limit = reply.stallAfterFrames ?? reply.cutAfterFrames ?? reply.frames.length;
  const frames = reply.frames.slice(0, limit);
  const pieces = reply.sliceChars ? slice(frames.join(""), reply.sliceChars) : frames;
  for (const piece of pieces) {
    if (response.destroyed) return;
    response.write(piece);
    await sleep(reply.sliceChars ? SLICE_DELAY_MS : FRAME_DELAY_MS);
  }
  if (reply.stallAfterFrames !== undefined) return; // stay open and silent until the client gives up
  if (reply.cutAfterFrames !== undefined) {
    response.destroy();
    return;
  }
  response.end();
}

function slice(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
