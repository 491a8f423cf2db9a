// A tool call paired with its result: status pill, tool name, one-line input summary and duration.
// Expanding loads the tool renderers (components/tools/, their own chunk) on first use, so the
// first load carries only this head.
import { lazy, Suspense } from "react";
import { useRowToggle } from "../hooks/useRowState";
import { formatDuration } from "../lib/format";
import type { Row } from "../lib/rows";
import { toolSummary } from "../lib/tools/summary";
import { CheckIcon, ChevronIcon, CrossIcon } from "./Icons";

/** The renderers' chunk; if it cannot be fetched (offline, a deploy replaced it), the row says so instead of failing the page. */
const ToolBody = lazy(() =>
  import("./tools/ToolBody").catch(() => ({ default: () => <div className="io-waiting">The details could not be loaded. Reload the page to try again.</div> })),
);

export type ToolRowData = Extract<Row, { kind: "tool" }>;
export type PillStatus = "running" | "ok" | "error";

export function StatusPill({ status, label }: { status: PillStatus; label?: string }) {
  const text = label ?? (status === "running" ? "Running" : status === "ok" ? "OK" : "Error");
  return (
    <span className={`pill pill-${status}`}>
      {status === "running" ? <span className="spinner" aria-hidden="true" /> : status === "ok" ? <CheckIcon /> : <CrossIcon />}
      {text}
    </span>
  );
}

export function ToolRow({ row }: { row: ToolRowData }) {
  const [open, toggle] = useRowToggle(`${row.key}:open`);
  const { call, result } = row;
  const status: PillStatus = result === null ? "running" : result.isError ? "error" : "ok";
  const tool = call?.tool ?? "tool";
  const summary = call ? toolSummary(call) : "result without a recorded call";
  const bodyId = `tool-${row.key}`;
  return (
    <div className={`tool tool-${status}`}>
      <button type="button" className="tool-head" aria-expanded={open} aria-controls={bodyId} onClick={() => toggle()}>
        <span className={`chev${open ? " is-open" : ""}`}>
          <ChevronIcon />
        </span>
        <StatusPill status={status} />
        <span className="tool-name">
          {call?.server ? <span className="tool-server">{call.server}/</span> : null}
          {tool}
        </span>
        <span className="tool-summary">{summary}</span>
        {result?.exitCode !== undefined && result.exitCode !== 0 && <span className="tool-meta tool-exit">exit {result.exitCode}</span>}
        {result?.durationMs !== undefined && <span className="tool-meta">{formatDuration(result.durationMs)}</span>}
      </button>
      {open && (
        <div className="tool-body" id={bodyId}>
          <Suspense fallback={<div className="io-waiting">Loading…</div>}>
            <ToolBody row={row} />
          </Suspense>
        </div>
      )}
    </div>
  );
}
