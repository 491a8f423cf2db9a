// A permission request and its answer; Allow / Deny buttons when this link may prompt.
import { useState } from "react";
import { useRowToggle } from "../hooks/useRowState";
import { formatJson, summarizeInput } from "../lib/format";
import type { Row } from "../lib/rows";
import { ChevronIcon, ShieldIcon } from "./Icons";
import { OutputBlock } from "./OutputBlock";
import { StatusPill } from "./ToolRow";
import { useTimeline } from "./TimelineContext";

type PermissionRowData = Extract<Row, { kind: "permission" }>;

const DECISION: Record<NonNullable<PermissionRowData["response"]>["decision"], string> = {
  allow: "Allowed",
  allow_session: "Allowed for the session",
  deny: "Denied",
  cancel: "Cancelled",
};

export function PermissionRow({ row }: { row: PermissionRowData }) {
  const { canAnswer, answer, ended } = useTimeline();
  const [busy, setBusy] = useState<"allow" | "deny" | null>(null);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, toggle] = useRowToggle(`${row.key}:open`);
  const { request, response } = row;
  const tool = request?.tool ?? "tool";
  const waiting = response === null && !ended;

  const decide = async (decision: "allow" | "deny"): Promise<void> => {
    setBusy(decision);
    setError(null);
    const failure = await answer(row.requestId, { decision });
    setBusy(null);
    if (failure) setError(failure.message);
    else setSent(true);
  };

  const pill =
    response === null ? (
      ended ? (
        <StatusPill status="error" label="No answer" />
      ) : (
        <StatusPill status="running" label="Waiting" />
      )
    ) : (
      <StatusPill status={response.decision.startsWith("allow") ? "ok" : "error"} label={DECISION[response.decision]} />
    );

  return (
    <section className={`perm${waiting ? " is-waiting" : ""}`} aria-label={`Permission request for ${tool}`}>
      <div className="perm-head">
        <span className="perm-icon">
          <ShieldIcon />
        </span>
        <span className="perm-title">
          Permission to use <span className="tool-name">{tool}</span>
        </span>
        {pill}
      </div>
      {request && (
        <button type="button" className="perm-summary" aria-expanded={open} onClick={() => toggle()}>
          <span className={`chev${open ? " is-open" : ""}`}>
            <ChevronIcon />
          </span>
          <span className="tool-summary">{summarizeInput(request.tool, request.input) || "details"}</span>
        </button>
      )}
      {open && request && <OutputBlock id={`${row.key}:in`} label="Input" text={formatJson(request.input)} />}
      {response && (response.user || response.message) && (
        <div className="perm-note">
          {response.user ? `${DECISION[response.decision]} by ${response.user.name}` : DECISION[response.decision]}
          {response.message ? ` — ${response.message}` : ""}
        </div>
      )}
      {waiting && canAnswer && !sent && (
        <div className="perm-actions">
          <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void decide("allow")}>
            {busy === "allow" ? "Allowing…" : "Allow"}
          </button>
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void decide("deny")}>
            {busy === "deny" ? "Denying…" : "Deny"}
          </button>
        </div>
      )}
      {waiting && sent && <div className="perm-note">Answer sent — waiting for the agent.</div>}
      {waiting && !canAnswer && <div className="perm-note">Waiting for someone who can answer.</div>}
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
