// The benchmark's floor: the least a Durable Object can do to serve the benchmark's load (see
// bare-object-server.mjs). One object per stream path, one SQLite row per message, no auth, no
// validation, no producers, no limits; live readers are SSE responses the object writes every
// append to, one after the other. It speaks just enough of the Durable Streams protocol for
// scripts/lib/bench-load.mjs: PUT to create, POST to append (a JSON array is one row per item),
// GET catch-up pages, and GET ?offset=now&live=sse.
import { DurableObject } from "cloudflare:workers";

const OFFSET_DIGITS = 16;
const PAGE_ROWS = 10_000;
const encoder = new TextEncoder();
/** @param {number} seq */
const offsetOf = (seq) => String(seq).padStart(OFFSET_DIGITS, "0");
/** @param {number} next */
const control = (next) => encoder.encode(`event: control\ndata: {"streamNextOffset":"${offsetOf(next)}","upToDate":true}\n\n`);

export class BareStream extends DurableObject {
  /** @param {DurableObjectState} ctx @param {unknown} env */
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    /** @type {Set<WritableStreamDefaultWriter<Uint8Array>>} */
    this.readers = new Set();
  }

  /**
   * @override
   * @param {Request} request
   */
  async fetch(request) {
    const url = new URL(request.url);
    if (request.method === "PUT") return new Response(null, { status: 201 });
    if (request.method === "POST") return this.append(await request.text());
    if (url.searchParams.get("live") === "sse") return this.live();
    return this.page(Number(url.searchParams.get("offset") ?? "-1"));
  }

  /** @param {string} text */
  append(text) {
    /** @type {unknown} */
    const parsed = JSON.parse(text);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    let seq = 0;
    for (const item of items) seq = Number(this.sql.exec("INSERT INTO messages (body) VALUES (?) RETURNING seq", JSON.stringify(item)).one().seq);
    const frame = encoder.encode(`event: data\ndata: [${items.map((item) => JSON.stringify(item)).join(",")}]\n\n`);
    const next = control(seq);
    for (const writer of this.readers) {
      writer.write(frame).catch(() => this.readers.delete(writer));
      writer.write(next).catch(() => this.readers.delete(writer));
    }
    return new Response(null, { status: 204, headers: { "stream-next-offset": offsetOf(seq) } });
  }

  live() {
    /** @type {TransformStream<Uint8Array, Uint8Array>} */
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    this.readers.add(writer);
    const last = Number(this.sql.exec("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages").one().seq);
    writer.write(control(last)).catch(() => this.readers.delete(writer));
    return new Response(readable, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  }

  /** @param {number} after */
  page(after) {
    const rows = this.sql.exec("SELECT seq, body FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", Math.max(0, after), PAGE_ROWS).toArray();
    const lastRow = rows.at(-1);
    const last = lastRow ? Number(lastRow.seq) : Math.max(0, after);
    const tail = Number(this.sql.exec("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages").one().seq);
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json", "stream-next-offset": offsetOf(last) };
    if (last >= tail) headers["stream-up-to-date"] = "true";
    return new Response(`[${rows.map((row) => (typeof row.body === "string" ? row.body : "null")).join(",")}]`, { headers });
  }
}

export default {
  /** @param {Request} request @param {{ STREAM: DurableObjectNamespace }} env */
  fetch(request, env) {
    const path = new URL(request.url).pathname;
    return env.STREAM.get(env.STREAM.idFromName(path)).fetch(request);
  },
};
