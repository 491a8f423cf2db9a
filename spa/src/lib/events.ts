// Decoding of log items as the viewer receives them: the shared SessionEvent schema plus the
// `offset` the gateway adds on reads. Items that fail the schema are kept as "unknown" so a newer
// server never breaks an older viewer, and offsets still advance.
import { z } from "zod";
import { SessionEvent } from "../../../src/shared/schemas/events";

export type LoggedEvent = SessionEvent & { offset: string };

export type Incoming = { kind: "event"; event: LoggedEvent } | { kind: "unknown"; offset: string; type: string; ts: number | null };

const Envelope = z.object({ offset: z.string().min(1), type: z.string().optional(), ts: z.number().optional() });

/** Decodes one item of an `event: data` array; null when it has no usable offset. */
export function decodeItem(raw: unknown): Incoming | null {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return null;
  const { offset } = envelope.data;
  const event = SessionEvent.safeParse(raw);
  if (event.success) return { kind: "event", event: { ...event.data, offset } };
  return { kind: "unknown", offset, type: envelope.data.type ?? "unknown", ts: envelope.data.ts ?? null };
}

export function offsetOf(item: Incoming): string {
  return item.kind === "event" ? item.event.offset : item.offset;
}

/** Offsets are opaque strings that sort lexicographically ("-1" is the start, before all). */
export function isAfter(offset: string, last: string | null): boolean {
  return last === null || offset > last;
}
