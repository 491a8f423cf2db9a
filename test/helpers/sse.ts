// A strict SSE reader for tests: checks the framing the SDKs rely on while collecting frames.
export interface SseFrame {
  event: string | null;
  data: string | null;
  comment: boolean;
}

/** Splits a complete SSE body into frames, insisting on "\n\n" separators and LF-only lines. */
export function parseSse(body: string): SseFrame[] {
  if (body.includes("\r")) throw new Error("SSE body contains CR");
  if (!body.endsWith("\n\n")) throw new Error("SSE body does not end with a blank line");
  return body
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((line) => line.startsWith(":"))) return { event: null, data: null, comment: true };
      const events = lines.filter((line) => line.startsWith("event: "));
      const datas = lines.filter((line) => line.startsWith("data: "));
      const [event] = events;
      const [data] = datas;
      if (event === undefined || data === undefined || events.length !== 1 || datas.length !== 1 || lines.length !== 2) {
        throw new Error(`frame must be exactly one event: line and one data: line, got ${JSON.stringify(block)}`);
      }
      return { event: event.slice("event: ".length), data: data.slice("data: ".length), comment: false };
    });
}
