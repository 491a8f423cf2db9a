// Conversation rows: prompts from people (delivered, queued in the log, and this viewer's own
// optimistic ones) and the agent's messages, rendered as sanitized markdown, each with a button
// that copies its markdown source.
import { formatClock, formatDateTime } from "../lib/format";
import type { PendingView } from "../lib/pending";
import type { Row } from "../lib/rows";
import { CopyButton } from "./CopyButton";
import { SparkIcon } from "./Icons";
import { Markdown } from "./Markdown";
import { useTimeline } from "./TimelineContext";

type RowOf<K extends Row["kind"]> = Extract<Row, { kind: K }>;

export function Time({ ts }: { ts: number | null }) {
  if (ts === null) return null;
  return (
    <time className="time" dateTime={new Date(ts).toISOString()} title={formatDateTime(ts)}>
      {formatClock(ts)}
    </time>
  );
}

function Avatar({ name }: { name: string }) {
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return (
    <span className={`avatar hue-${hash % 6}`} aria-hidden="true">
      {initial}
    </span>
  );
}

export function UserRow({ row }: { row: RowOf<"user"> }) {
  const name = row.user?.name ?? "User";
  return (
    <article className="msg msg-user" aria-label={`Prompt from ${name}`}>
      <header className="msg-head">
        <Avatar name={name} />
        <span className="msg-author">{name}</span>
        <Time ts={row.ts} />
        <CopyButton className="msg-copy" text={row.text} label="Copy message" />
      </header>
      <Markdown text={row.text} breaks />
    </article>
  );
}

const PENDING_LABEL: Record<PendingView["state"], string> = {
  sending: "Sending…",
  queued: "Queued",
  running: "Starting…",
  removed: "Removed from the queue",
};

export function PendingRow({ prompt }: { prompt: PendingView }) {
  const position = prompt.state === "queued" && prompt.position !== null ? ` · #${prompt.position + 1} in line` : "";
  return (
    <article className={`msg msg-user msg-pending is-${prompt.state}`} aria-label={`Your prompt, ${PENDING_LABEL[prompt.state]}`}>
      <header className="msg-head">
        <Avatar name={prompt.user.name} />
        <span className="msg-author">{prompt.user.name}</span>
        <span className={`chip chip-${prompt.state}`}>
          {PENDING_LABEL[prompt.state]}
          {position}
        </span>
      </header>
      <Markdown text={prompt.text} breaks />
    </article>
  );
}

export function QueuedRow({ row }: { row: RowOf<"queued"> }) {
  const name = row.user?.name ?? "Someone";
  return (
    <div className="event-line">
      <span className="event-line-text">
        <strong>{name}</strong> queued a prompt
        {row.position !== undefined && <span className="muted"> · #{row.position + 1} in line</span>}
        <span className="quote">{row.text}</span>
      </span>
      <Time ts={row.ts} />
    </div>
  );
}

export function AssistantRow({ row }: { row: RowOf<"assistant"> }) {
  const { agent } = useTimeline();
  return (
    <article className={`msg msg-agent${row.phase === "commentary" ? " msg-commentary" : ""}`} aria-label={`${agent} message`}>
      {row.lead && (
        <header className="msg-head">
          <span className="avatar avatar-agent" aria-hidden="true">
            <SparkIcon />
          </span>
          <span className="msg-author">{agent}</span>
          <Time ts={row.ts} />
        </header>
      )}
      <Markdown text={row.text} />
      {!row.streaming && row.text !== "" && (
        <div className="msg-tools">
          <CopyButton className="msg-copy" text={row.text} label="Copy message" />
        </div>
      )}
    </article>
  );
}
