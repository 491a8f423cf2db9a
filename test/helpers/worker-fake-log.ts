// A JSON log that lives in the test: reads are served from memory and the live socket is one end of
// a WebSocketPair whose frames the test emits, so the Worker's live-tail machinery (hub, readers)
// can be driven deterministically, including frames too large to inline and dropped sockets.
import { encodeFrame } from "../../src/shared/protocol/live-frame";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { readPage, type LogInfo, type LogPage, type ReadFrom, type ReadReply } from "../../src/shared/protocol/durable-streams";
import type { LogSource } from "../../src/lib/live/hub";

const encoder = new TextEncoder();

export class FakeLog implements LogSource {
  readonly key = `fake:${crypto.randomUUID()}`;
  readonly messages: string[] = [];
  readonly sockets: WebSocket[] = [];
  closed = false;
  connects = 0;
  reads = 0;

  get tailSeq(): number {
    return this.messages.length;
  }

  info(): LogInfo {
    return { contentType: "application/json", incarnation: "fake", tailSeq: this.tailSeq, closed: this.closed, ttlSeconds: null, expiresAt: null };
  }

  page(afterSeq: number): LogPage {
    const payload = encoder.encode(this.messages.slice(afterSeq).join(","));
    return { afterSeq, endSeq: this.tailSeq, payload, upToDate: true };
  }

  async read(from: ReadFrom): Promise<ReadReply> {
    this.reads += 1;
    const after = from === "now" ? this.tailSeq : from;
    return readPage(this.info(), this.page(after));
  }

  async connect(): Promise<WebSocket | null> {
    this.connects += 1;
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    client.accept();
    this.sockets.push(server);
    server.send(encodeFrame({ prevSeq: this.tailSeq, tailSeq: this.tailSeq, closed: this.closed, gone: false, payload: null }));
    return client;
  }

  /** Appends messages as one frame; `inline: false` makes readers fetch them with a read. */
  append(values: readonly unknown[], options: { inline?: boolean; close?: boolean } = {}): void {
    const prevSeq = this.tailSeq;
    this.messages.push(...values.map((value) => JSON.stringify(value)));
    if (options.close) this.closed = true;
    const payload = options.inline === false ? null : encoder.encode(this.messages.slice(prevSeq).join(","));
    const frame = encodeFrame({ prevSeq, tailSeq: this.tailSeq, closed: this.closed, gone: false, payload });
    for (const socket of this.sockets) {
      try {
        socket.send(frame);
      } catch {
        // closed by the reader side
      }
    }
  }

  dropSockets(): void {
    for (const socket of this.sockets.splice(0)) socket.close(1011, "dropped by test");
  }

  offset(seq: number): string {
    return formatOffset(seq);
  }
}
