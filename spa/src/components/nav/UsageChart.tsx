// Tokens and cost per turn, for the session panel: one stacked bar per turn that reported usage
// (input below, output on top), drawn as inline SVG. The picture is one image with a summary for
// screen readers; over it sits one transparent button per bar (a single tab stop, arrow keys move
// between them) whose name is that turn's numbers, shown in the readout on hover or focus.
// Choosing a bar scrolls the transcript to the end of that turn.
import { type KeyboardEvent, useRef, useState } from "react";
import { formatCost, formatTokens } from "../../lib/format";
import type { TurnUsage } from "../../lib/nav/turns";

/** More turns than this show as their latest ones (bars stay wide enough to point at). */
export const MAX_BARS = 60;
const WIDTH = 288;
const HEIGHT = 84;
const GAP = 2;
const MAX_BAR_WIDTH = 28;

function numbers(usage: TurnUsage): string {
  const cost = usage.costUsd === null ? "" : ` · ${formatCost(usage.costUsd)}`;
  return `${formatTokens(usage.inputTokens)} in · ${formatTokens(usage.outputTokens)} out${cost}`;
}

function totalsOf(usages: readonly TurnUsage[]): { input: number; output: number; cost: number } {
  return usages.reduce(
    (sum, usage) => ({ input: sum.input + usage.inputTokens, output: sum.output + usage.outputTokens, cost: sum.cost + (usage.costUsd ?? 0) }),
    {
      input: 0,
      output: 0,
      cost: 0,
    },
  );
}

const turnCount = (count: number): string => `${count} ${count === 1 ? "turn" : "turns"}`;

/** What the picture says to a screen reader: how many turns, the totals, and the biggest turn. */
function summary(shown: readonly TurnUsage[], all: readonly TurnUsage[]): string {
  const { input, output, cost } = totalsOf(all);
  const biggest = shown.reduce<TurnUsage | null>(
    (best, usage) => (best === null || usage.inputTokens + usage.outputTokens > best.inputTokens + best.outputTokens ? usage : best),
    null,
  );
  const count = `${turnCount(all.length)}${shown.length < all.length ? `, the latest ${shown.length} drawn` : ""}`;
  const most = biggest && all.length > 1 ? `; the most tokens in turn ${biggest.number}` : "";
  return `Tokens per turn: ${count}, ${formatTokens(input)} in and ${formatTokens(output)} out in all${cost > 0 ? `, ${formatCost(cost)}` : ""}${most}.`;
}

/** The readout when no bar is pointed at: the totals. */
function totalsLine(usages: readonly TurnUsage[]): string {
  const { input, output, cost } = totalsOf(usages);
  return `${turnCount(usages.length)} · ${formatTokens(input)} in · ${formatTokens(output)} out${cost > 0 ? ` · ${formatCost(cost)}` : ""}`;
}

export function UsageChart({ usages, onSelect }: { usages: readonly TurnUsage[]; onSelect?: (usage: TurnUsage) => void }) {
  const [active, setActive] = useState<number | null>(null);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const hits = useRef<HTMLDivElement>(null);
  if (usages.length === 0) return null;
  const shown = usages.slice(-MAX_BARS);
  const peak = Math.max(1, ...shown.map((usage) => usage.inputTokens + usage.outputTokens));
  const barWidth = Math.min(MAX_BAR_WIDTH, (WIDTH - GAP * (shown.length - 1)) / shown.length);
  const step = barWidth + GAP;
  const tabStop = focusAt ?? shown.length - 1;
  const current = active === null ? null : (shown[active] ?? null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = { ArrowLeft: tabStop - 1, ArrowRight: tabStop + 1, Home: 0, End: shown.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(shown.length - 1, next));
    setFocusAt(index);
    setActive(index);
    hits.current?.querySelectorAll("button")[index]?.focus();
  };

  return (
    <figure className="usage">
      <figcaption className="usage-caption">
        <span>Tokens per turn</span>
        <span className="usage-key">
          <span className="usage-swatch usage-swatch-in" aria-hidden="true" />
          in
          <span className="usage-swatch usage-swatch-out" aria-hidden="true" />
          out
        </span>
      </figcaption>
      <div className="usage-plot">
        <svg className="usage-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary(shown, usages)}>
          {shown.map((usage, index) => {
            const inHeight = (usage.inputTokens / peak) * HEIGHT;
            const outHeight = (usage.outputTokens / peak) * HEIGHT;
            const x = index * step;
            return (
              <g key={usage.key} className={`usage-bar${index === active ? " is-active" : ""}`}>
                <title>{`Turn ${usage.number}: ${numbers(usage)}`}</title>
                <rect className="usage-in" x={x} y={HEIGHT - inHeight} width={barWidth} height={inHeight} />
                <rect className="usage-out" x={x} y={HEIGHT - inHeight - outHeight} width={barWidth} height={outHeight} />
              </g>
            );
          })}
        </svg>
        <div ref={hits} className="usage-hits" role="group" aria-label="Turn usage" onKeyDown={onKeyDown} onMouseLeave={() => setActive(null)}>
          {shown.map((usage, index) => (
            <button
              key={usage.key}
              type="button"
              className="usage-hit"
              tabIndex={index === tabStop ? 0 : -1}
              aria-label={`Turn ${usage.number}: ${numbers(usage)}`}
              style={{ left: `${((index * step) / WIDTH) * 100}%`, width: `${(step / WIDTH) * 100}%` }}
              onMouseEnter={() => setActive(index)}
              onFocus={() => {
                setActive(index);
                setFocusAt(index);
              }}
              onBlur={() => setActive(null)}
              onClick={() => onSelect?.(usage)}
            />
          ))}
        </div>
      </div>
      <p className="usage-readout" aria-hidden="true">
        {current ? `Turn ${current.number} · ${numbers(current)}` : totalsLine(usages)}
      </p>
    </figure>
  );
}
