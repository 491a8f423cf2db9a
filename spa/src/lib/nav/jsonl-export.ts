// The "Download → JSONL" file: the share's events exactly as the server stores them, read again in
// JSON mode with the viewer's token (catch-up pages, following Stream-Next-Offset until
// Stream-Up-To-Date), one JSON value per line, never past a snapshot's bound. A session share reads
// /v1/sessions/<id>/events; a stream share its Durable Stream, whose items carry no offset of their
// own, so the bound is checked on the synthetic offsets the viewer gives them (stream-share.ts).
import type { ApiResult, FetchLike, ShareToken } from "../api";
import { streamPathUrl, syntheticOffset } from "../stream-share";

/** A runaway guard: a log this many pages long is cut here (a page is up to megabytes). */
const MAX_PAGES = 10_000;

export type ExportShare = Pick<ShareToken, "kind" | "sessionId" | "streamPath" | "upToOffset">;

export function exportPageUrl(share: ExportShare, offset: string): string {
  const base =
    share.kind === "stream" && share.streamPath !== null ? streamPathUrl(share.streamPath) : `/v1/sessions/${encodeURIComponent(share.sessionId)}/events`;
  return `${base}?offset=${encodeURIComponent(offset)}`;
}

function offsetField(item: unknown): string | null {
  if (typeof item !== "object" || item === null) return null;
  const offset: unknown = Reflect.get(item, "offset");
  return typeof offset === "string" ? offset : null;
}

/** Every stored item of the share, in order, up to its snapshot bound. */
export async function readAllEvents(fetchFn: FetchLike, share: ExportShare, token: string): Promise<ApiResult<unknown[]>> {
  const items: unknown[] = [];
  const bound = share.upToOffset;
  let offset = "-1";
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let response: Response;
    try {
      response = await fetchFn(exportPageUrl(share, offset), { headers: { authorization: `Bearer ${token}` }, credentials: "omit", cache: "no-store" });
    } catch {
      return { ok: false, error: { status: 0, code: "network", message: "Could not reach the server." } };
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        error: { status: response.status, code: `http_${response.status}`, message: response.statusText || "The events could not be read." },
      };
    }
    const body: unknown = await response.json().catch(() => null);
    if (!Array.isArray(body)) return { ok: false, error: { status: 0, code: "bad_response", message: "Unexpected response from the server." } };
    for (const [index, item] of body.entries()) {
      const at = share.kind === "stream" ? syntheticOffset(offset, index) : offsetField(item);
      if (bound !== null && at !== null && at > bound) return { ok: true, value: items };
      items.push(item);
    }
    const next = response.headers.get("stream-next-offset");
    if (response.headers.get("stream-up-to-date") === "true" || next === null || next === offset) return { ok: true, value: items };
    offset = next;
  }
  return { ok: true, value: items };
}

/** One JSON value per line, each line ending in a newline. */
export function toJsonl(items: readonly unknown[]): string {
  return items.map((item) => `${JSON.stringify(item)}\n`).join("");
}

/** `session-<id>.<extension>`, the id (or, without one, the share code) kept to file-name-safe characters. */
export function exportFileName(id: string, extension: "jsonl" | "md"): string {
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return `session-${safe === "" ? "export" : safe}.${extension}`;
}
