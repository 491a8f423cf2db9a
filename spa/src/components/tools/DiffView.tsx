// A diff with line numbers: unified by default (old and new numbers, a +/- marker, the line on a
// tinted background), side by side on request where the screen is wide enough. Long diffs show
// their first rows with "Show N more lines"; any diff is capped in rows rendered.
import { useMemo } from "react";
import { useMediaQuery } from "../../hooks/useMediaQuery";
import { useRowToggle } from "../../hooks/useRowState";
import { formatTokens } from "../../lib/format";
import { type DiffGap, type DiffLine, splitRows } from "../../lib/tools/diff";
import { Section } from "./parts";

/** A hunk's header ("@@ -3,4 +3,5 @@ function main") between its lines. */
export interface DiffHunkHeader {
  kind: "hunk";
  header: string;
}
export type DiffItem = DiffLine | DiffGap | DiffHunkHeader;

const PREVIEW_ROWS = 60;
/** Even expanded, at most this many rows: a larger diff is better read in the copied text. */
const MAX_ROWS = 5_000;
/** The width from which side by side is offered (narrower, two columns of code are unreadable). */
const WIDE_QUERY = "(min-width: 700px)";

const MARK = { add: "+", del: "-", context: " " } as const;

function Separator({ item }: { item: DiffGap | DiffHunkHeader }) {
  return <div className="diff-sep">{item.kind === "gap" ? `⋯ ${formatTokens(item.count)} unchanged line${item.count === 1 ? "" : "s"}` : item.header}</div>;
}

function UnifiedRows({ items }: { items: readonly DiffItem[] }) {
  return items.map((item, index) =>
    item.kind === "gap" || item.kind === "hunk" ? (
      <Separator key={index} item={item} />
    ) : (
      <div key={index} className={`diff-row diff-${item.kind}`}>
        <span className="diff-no">{item.oldNo ?? ""}</span>
        <span className="diff-no">{item.newNo ?? ""}</span>
        <span className="diff-text">
          <span className="diff-mark">{MARK[item.kind]}</span>
          {item.text}
        </span>
      </div>
    ),
  );
}

function Half({ line, side }: { line: DiffLine | null; side: "old" | "new" }) {
  if (line === null) return <span className="diff-half diff-none" aria-hidden="true" />;
  return (
    <span className={`diff-half diff-${line.kind}`}>
      <span className="diff-no">{(side === "old" ? line.oldNo : line.newNo) ?? ""}</span>
      <span className="diff-text">
        <span className="diff-mark">{MARK[line.kind]}</span>
        {line.text}
      </span>
    </span>
  );
}

function SplitRows({ items }: { items: readonly DiffItem[] }) {
  const rows = useMemo(() => {
    // Hunk headers split the items into runs that are paired on their own.
    const out: (ReturnType<typeof splitRows>[number] | DiffHunkHeader)[] = [];
    let run: (DiffLine | DiffGap)[] = [];
    for (const item of items) {
      if (item.kind === "hunk") {
        out.push(...splitRows(run), item);
        run = [];
      } else run.push(item);
    }
    out.push(...splitRows(run));
    return out;
  }, [items]);
  return rows.map((row, index) =>
    row.kind === "pair" ? (
      <div key={index} className="diff-split-row">
        <Half line={row.left} side="old" />
        <Half line={row.right} side="new" />
      </div>
    ) : (
      <Separator key={index} item={row} />
    ),
  );
}

/** Unified-diff text of the items, for copying. */
export function diffItemsText(items: readonly DiffItem[]): string {
  return items
    .filter((item) => item.kind !== "gap")
    .map((item) => (item.kind === "hunk" ? item.header : `${MARK[item.kind]}${item.text}`))
    .join("\n");
}

export function DiffView({ id, title, items, copyText }: { id: string; title: string; items: readonly DiffItem[]; copyText: string }) {
  const wide = useMediaQuery(WIDE_QUERY);
  const [split, toggleSplit] = useRowToggle(`${id}:split`);
  const [expanded, toggleExpanded] = useRowToggle(`${id}:more`);
  const sideBySide = split && wide;
  const limit = expanded ? MAX_ROWS : PREVIEW_ROWS;
  const shown = items.length > limit ? items.slice(0, limit) : items;
  const counts = useMemo(() => {
    let added = 0;
    let removed = 0;
    for (const item of items) {
      if (item.kind === "add") added += 1;
      else if (item.kind === "del") removed += 1;
    }
    return { added, removed };
  }, [items]);
  const toggle = wide && (
    <button type="button" className="link-button diff-toggle" aria-pressed={split} onClick={() => toggleSplit()}>
      Side by side
    </button>
  );
  return (
    <Section title={title} copy={{ label: "Copy diff", text: copyText }} actions={toggle}>
      <div className="diff-counts">
        <span className="diff-count-add">+{counts.added}</span> <span className="diff-count-del">−{counts.removed}</span>
      </div>
      <div
        className={`diff${sideBySide ? " diff-split" : ""}`}
        tabIndex={0}
        role="group"
        aria-label={`${title}: ${counts.added} added, ${counts.removed} removed`}
      >
        {sideBySide ? <SplitRows items={shown} /> : <UnifiedRows items={shown} />}
      </div>
      {items.length > PREVIEW_ROWS && (
        <button type="button" className="link-button io-more" aria-expanded={expanded} onClick={() => toggleExpanded()}>
          {expanded ? "Show less" : `Show ${formatTokens(items.length - PREVIEW_ROWS)} more lines`}
        </button>
      )}
      {expanded && items.length > MAX_ROWS && (
        <div className="io-note">The last {formatTokens(items.length - MAX_ROWS)} lines are not shown; copy the diff to read them.</div>
      )}
    </Section>
  );
}
