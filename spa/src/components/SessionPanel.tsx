// Session facts for the side column: agent, model, runtime, directory, branch, start time and usage,
// with a chart of tokens and cost per turn (its own chunk, loaded only for a session with usage).
import { lazy, Suspense, useMemo } from "react";
import { formatCost, formatDateTime, formatTokens } from "../lib/format";
import { type TurnUsage, turnUsages } from "../lib/nav/turns";
import type { DisplayRow } from "../lib/pending";
import type { ViewState } from "../lib/rows";

const UsageChart = lazy(() => import("./nav/UsageChart").then((module) => ({ default: module.UsageChart })));

/** `rows` are the rows the transcript draws: a bar's turn index points into them. */
export function SessionPanel({ view, rows, onSelectTurn }: { view: ViewState; rows: readonly DisplayRow[]; onSelectTurn?: (usage: TurnUsage) => void }) {
  const { meta, totals } = view;
  const usages = useMemo(() => turnUsages(rows), [rows]);
  const git = meta.git;
  const facts: [string, string | null][] = [
    ["Agent", meta.agent],
    ["Model", meta.model],
    ["Runtime", meta.runtime],
    ["Directory", meta.cwd],
    ["Branch", git?.branch ? `${git.branch}${git.commit ? ` @ ${git.commit.slice(0, 7)}` : ""}` : null],
    ["Started", meta.startedAt === null ? null : formatDateTime(meta.startedAt)],
    ["Ended", meta.endedAt === null ? null : formatDateTime(meta.endedAt)],
    ["Turns", totals.turns > 0 ? String(totals.turns) : null],
    ["Tokens", totals.inputTokens + totals.outputTokens > 0 ? `${formatTokens(totals.inputTokens)} in · ${formatTokens(totals.outputTokens)} out` : null],
    ["Cost", totals.costUsd > 0 ? formatCost(totals.costUsd) : null],
  ];
  const shown = facts.filter((fact): fact is [string, string] => fact[1] !== null);
  if (shown.length === 0) return null;
  return (
    <section className="facts" aria-labelledby="facts-title">
      <h2 id="facts-title" className="side-title">
        Session
      </h2>
      <dl>
        {shown.map(([term, value]) => (
          <div key={term} className="fact">
            <dt>{term}</dt>
            <dd title={value}>{value}</dd>
          </div>
        ))}
      </dl>
      {usages.length > 0 && (
        <Suspense fallback={null}>
          <UsageChart usages={usages} onSelect={onSelectTurn} />
        </Suspense>
      )}
    </section>
  );
}
