// The page header: agent, model, session status and start time, usage totals, the page's own
// tools (find, turns, download), the connection indicator and the copy-link button.
import type { ReactNode } from "react";
import { formatAgo, formatClock, formatCost, formatDateTime } from "../lib/format";
import type { SessionStatus, ViewState } from "../lib/rows";
import type { Connection } from "../hooks/useShareSession";
import { useNow } from "../hooks/useNow";
import { CopyLinkButton } from "./CopyButton";

const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: "Connecting",
  live: "Live",
  reconnecting: "Reconnecting",
  snapshot: "Snapshot",
  ended: "Ended",
  revoked: "Link revoked",
};
const STATUS_LABEL: Record<SessionStatus, string> = {
  starting: "Starting",
  working: "Working",
  paused: "Queue paused",
  idle: "Idle",
  ended: "Ended",
};

export function ConnectionBadge({ connection }: { connection: Connection }) {
  return (
    <span className={`conn conn-${connection}`} role="status" aria-label={`Connection: ${CONNECTION_LABEL[connection]}`}>
      <span className="conn-dot" aria-hidden="true" />
      {CONNECTION_LABEL[connection]}
    </span>
  );
}

interface HeaderProps {
  view: ViewState;
  status: SessionStatus;
  connection: Connection;
  /** A snapshot shows the time it was taken instead of a live status. */
  snapshot: boolean;
  /** Whether the link still opens the session (a revoked one has no "Copy link"). */
  linkWorks?: boolean;
  /** Buttons before the connection indicator. */
  tools?: ReactNode;
}

export function Header({ view, status, connection, snapshot, linkWorks = true, tools }: HeaderProps) {
  const now = useNow();
  const { meta, totals } = view;
  const asOf = snapshot ? (view.rows.at(-1)?.ts ?? null) : null;
  return (
    <header className="top">
      <div className="brand" aria-hidden="true">
        <img src="/favicon.svg" alt="" width="28" height="28" />
      </div>
      <div className="top-main">
        <div className="top-title">
          <h1>{meta.agent ?? "Session"}</h1>
          {meta.model && <span className="model">{meta.model}</span>}
        </div>
        <div className="top-meta">
          {snapshot ? (
            <span className="status status-snapshot" title={asOf === null ? undefined : formatDateTime(asOf)}>
              {asOf === null ? "Snapshot" : `As of ${formatClock(asOf)}`}
            </span>
          ) : (
            <span className={`status status-${status}`}>{STATUS_LABEL[status]}</span>
          )}
          {meta.startedAt !== null && (
            <span title={formatDateTime(meta.startedAt)}>
              Started <time dateTime={new Date(meta.startedAt).toISOString()}>{formatAgo(meta.startedAt, now)}</time>
            </span>
          )}
          {totals.turns > 0 && (
            <span className="top-totals">
              {totals.turns} {totals.turns === 1 ? "turn" : "turns"}
              {totals.costUsd > 0 ? ` · ${formatCost(totals.costUsd)}` : ""}
            </span>
          )}
        </div>
      </div>
      <div className="top-actions">
        {tools}
        <ConnectionBadge connection={connection} />
        {linkWorks && <CopyLinkButton />}
      </div>
    </header>
  );
}
