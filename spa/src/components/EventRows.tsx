// Session and turn markers: start, thinking (collapsed), turn usage and cost, aborts, compaction,
// errors, the end of the session, and events this viewer does not know.
import { useRowToggle } from "../hooks/useRowState";
import { turnFacts } from "../lib/format";
import type { Row } from "../lib/rows";
import { AlertIcon, ChevronIcon, LayersIcon, SparkIcon } from "./Icons";
import { Markdown } from "./Markdown";
import { Time } from "./MessageRows";
import { useTimeline } from "./TimelineContext";

type RowOf<K extends Row["kind"]> = Extract<Row, { kind: K }>;

export function InitRow({ row }: { row: RowOf<"init"> }) {
  const git = row.git;
  const gitText = git?.branch ? `${git.branch}${git.commit ? `@${git.commit.slice(0, 7)}` : ""}` : null;
  // An external agent's init only says "external" (its runtime, shown anyway) until the agent names itself.
  const named = !(row.runtime === "external" && row.agent === "external");
  const agent = !named ? null : row.agentVersion ? `${row.agent} ${row.agentVersion}` : row.agent;
  return (
    <div className="marker marker-start">
      <span className="marker-title">Session started</span>
      <span className="marker-meta">{[agent, row.model, row.cwd, gitText, row.runtime].filter(Boolean).join(" · ")}</span>
      <Time ts={row.ts} />
    </div>
  );
}

export function ThinkingRow({ row }: { row: RowOf<"thinking"> }) {
  const [open, toggle] = useRowToggle(`${row.key}:open`);
  return (
    <div className="thinking">
      <button type="button" className="thinking-head" aria-expanded={open} onClick={() => toggle()}>
        <span className={`chev${open ? " is-open" : ""}`}>
          <ChevronIcon />
        </span>
        <SparkIcon />
        <span className="thinking-label">Thinking</span>
        <span className="thinking-summary">{row.summary}</span>
      </button>
      {open &&
        (row.text === null ? (
          <div className="thinking-body muted">The full reasoning is not shared.</div>
        ) : (
          <Markdown className="thinking-body" text={row.text} />
        ))}
    </div>
  );
}

export function TurnRow({ row }: { row: RowOf<"turn"> }) {
  const parts = turnFacts(row);
  return (
    <div className={`divider${row.success ? "" : " divider-bad"}`} role="separator" aria-label="End of turn">
      <span className="divider-label">
        {row.success ? "Turn complete" : "Turn failed"}
        {parts.length > 0 && <span className="divider-meta"> · {parts.join(" · ")}</span>}
      </span>
    </div>
  );
}

export function AbortedRow({ row }: { row: RowOf<"aborted"> }) {
  return (
    <div className="divider divider-bad" role="separator" aria-label="Turn aborted">
      <span className="divider-label">
        Turn aborted<span className="divider-meta"> · {row.reason}</span>
      </span>
    </div>
  );
}

export function CompactionRow({ row }: { row: RowOf<"compaction"> }) {
  const [open, toggle] = useRowToggle(`${row.key}:open`);
  return (
    <div className="compaction">
      <div className="divider" role="separator" aria-label="Context compacted">
        <span className="divider-label">
          <LayersIcon /> Context compacted
          {row.summary && (
            <button type="button" className="link-button" aria-expanded={open} onClick={() => toggle()}>
              {open ? "Hide summary" : "Summary"}
            </button>
          )}
        </span>
      </div>
      {open && row.summary && <Markdown className="compaction-body" text={row.summary} />}
    </div>
  );
}

export function ErrorRow({ row }: { row: RowOf<"error"> }) {
  return (
    <div className="callout callout-error" role="note">
      <AlertIcon />
      <div>
        <div className="callout-title">
          Error{row.code ? <code className="callout-code">{row.code}</code> : null}
          {row.retryable ? <span className="chip">retryable</span> : null}
        </div>
        <div className="callout-body">{row.message}</div>
      </div>
    </div>
  );
}

const END_REASON: Record<NonNullable<RowOf<"end">["reason"]>, string> = {
  closed: "closed",
  error: "ended with an error",
  idle_timeout: "closed after being idle",
};

export function EndRow({ row }: { row: RowOf<"end"> }) {
  const { agent } = useTimeline();
  return (
    <div className={`marker marker-end${row.reason === "error" ? " marker-bad" : ""}`}>
      <span className="marker-title">Session {row.reason ? END_REASON[row.reason] : "ended"}</span>
      <span className="marker-meta">{agent} will not take more prompts here.</span>
      <Time ts={row.ts} />
    </div>
  );
}

export function UnknownRow({ row }: { row: RowOf<"unknown"> }) {
  return (
    <div className="event-line muted">
      <span className="event-line-text">
        Event <code>{row.type}</code> (not shown by this viewer)
      </span>
      <Time ts={row.ts} />
    </div>
  );
}
