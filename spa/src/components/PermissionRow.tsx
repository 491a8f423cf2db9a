// A permission request and its answer. When this link may answer: one button per option the agent
// offered (else Allow / Allow for this session / Deny), and the answer carries the viewer's name.
import { useState } from "react";
import type { PermissionChoice } from "../lib/api";
import { readViewerName } from "../lib/viewer-name";
import { useRowToggle } from "../hooks/useRowState";
import { toolSummary } from "../lib/tools/summary";
import type { Row } from "../lib/rows";
import { ChevronIcon, ShieldIcon } from "./Icons";
import { LazyToolInputView } from "./tools/LazyToolInputView";
import { StatusPill } from "./ToolRow";
import { useTimeline } from "./TimelineContext";

type PermissionRowData = Extract<Row, { kind: "permission" }>;

type Option = NonNullable<NonNullable<PermissionRowData["request"]>["options"]>[number];
type Answerable = PermissionChoice["decision"];
interface Choice {
  id: string;
  label: string;
  decision: Answerable;
  optionId?: string;
}

/** The decision an option's kind stands for (the Agent Client Protocol's kinds; others by their prefix). */
function decisionOf(option: Option): Answerable {
  if (option.kind === "allow_always") return "allow_session";
  return option.kind.startsWith("allow") ? "allow" : "deny";
}

const DEFAULT_CHOICES: readonly Choice[] = [
  { id: "allow", label: "Allow", decision: "allow" },
  { id: "allow_session", label: "Allow for this session", decision: "allow_session" },
  { id: "deny", label: "Deny", decision: "deny" },
];

function choicesOf(options: readonly Option[] | undefined): readonly Choice[] {
  if (!options || options.length === 0) return DEFAULT_CHOICES;
  return options.map((option) => ({ id: `option:${option.optionId}`, label: option.name, decision: decisionOf(option), optionId: option.optionId }));
}

const DEFAULT_NAME = "Guest";

const DECISION: Record<NonNullable<PermissionRowData["response"]>["decision"], string> = {
  allow: "Allowed",
  allow_session: "Allowed for the session",
  deny: "Denied",
  cancel: "Cancelled",
};

export function PermissionRow({ row }: { row: PermissionRowData }) {
  const { canAnswer, answer, ended } = useTimeline();
  const [busy, setBusy] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, toggle] = useRowToggle(`${row.key}:open`);
  const { request, response } = row;
  const tool = request?.tool ?? "tool";
  const waiting = response === null && !ended;

  const decide = async (choice: Choice): Promise<void> => {
    setBusy(choice.id);
    setError(null);
    const user = { name: readViewerName() ?? DEFAULT_NAME };
    const failure = await answer(row.requestId, { decision: choice.decision, ...(choice.optionId === undefined ? {} : { optionId: choice.optionId }), user });
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
          <span className="tool-summary">{toolSummary(request) || "details"}</span>
        </button>
      )}
      {open && request && <LazyToolInputView tool={request.tool} input={request.input} id={`${row.key}:in`} />}
      {response && (response.user || response.message) && (
        <div className="perm-note">
          {response.user ? `${DECISION[response.decision]} by ${response.user.name}` : DECISION[response.decision]}
          {response.message ? ` — ${response.message}` : ""}
        </div>
      )}
      {waiting && canAnswer && !sent && (
        <div className="perm-actions" role="group" aria-label={`Answer the request for ${tool}`}>
          {choicesOf(request?.options).map((choice, index) => (
            <button
              key={choice.id}
              type="button"
              className={`btn${index === 0 && choice.decision !== "deny" ? " btn-primary" : ""}`}
              disabled={busy !== null}
              aria-busy={busy === choice.id}
              onClick={() => void decide(choice)}
            >
              {busy === choice.id ? "Sending…" : choice.label}
            </button>
          ))}
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
