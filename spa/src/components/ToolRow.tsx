// A tool call paired with its result: status pill, tool name, one-line input summary and duration;
// expands to the full input and output.
import { useRowToggle } from "../hooks/useRowState";
import { formatDuration, formatJson, outputText, summarizeInput } from "../lib/format";
import type { Row } from "../lib/rows";
import { CheckIcon, ChevronIcon, CrossIcon } from "./Icons";
import { OutputBlock } from "./OutputBlock";

type ToolRowData = Extract<Row, { kind: "tool" }>;
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
  const summary = call ? summarizeInput(call.tool, call.input) : "result without a recorded call";
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
        {result?.durationMs !== undefined && <span className="tool-meta">{formatDuration(result.durationMs)}</span>}
      </button>
      {open && (
        <div className="tool-body" id={bodyId}>
          {call && <OutputBlock id={`${row.key}:in`} label="Input" text={formatJson(call.input)} />}
          {result ? (
            <OutputBlock
              id={`${row.key}:out`}
              label={result.isError ? `Error${result.errorCode ? ` · ${result.errorCode}` : ""}` : "Output"}
              text={outputText(result.output)}
              tone={result.isError ? "error" : "plain"}
            />
          ) : (
            <div className="io-waiting">Waiting for the result…</div>
          )}
        </div>
      )}
    </div>
  );
}
