// A monospace block for tool input and output, with a copy button. Long text is previewed by a
// few lines from the end that matters, the tail by default (a test run's summary is at the bottom:
// "Show N earlier lines"), the head for files ("Show N more lines"); expanded, at most ~200k
// characters are rendered, from the same end. `render` draws the visible lines itself (ANSI
// colours, line numbers); plain text otherwise.
import { type ReactNode, useId, useLayoutEffect, useMemo, useRef } from "react";
import { useRowToggle } from "../hooks/useRowState";
import { formatTokens } from "../lib/format";
import { type KeepEnd, type TextWindow, textWindow } from "../lib/tools/window";
import { CopyButton } from "./CopyButton";

interface OutputBlockProps {
  /** Row-state key for the block's "show more" toggle. */
  id: string;
  label: string;
  text: string;
  tone?: "plain" | "error";
  /** Which end of a long text the collapsed preview keeps. */
  keep?: KeepEnd;
  /** The copy button's name; "Copy <label>" unless given. */
  copyLabel?: string;
  /** What the copy button copies; the text itself unless given. */
  copyText?: string | (() => string);
  /** Draws lines[from, to) of the window; the lines before `from` are there for state (colours) only. */
  render?: (window: TextWindow) => ReactNode;
  /** More of the label row (an exit code). */
  meta?: ReactNode;
  /** Shown instead of an empty text. */
  empty?: string;
}

export function OutputBlock({ id, label, text, tone = "plain", keep = "tail", copyLabel, copyText, render, meta, empty = "(empty)" }: OutputBlockProps) {
  const [expanded, setExpanded] = useRowToggle(`${id}:more`);
  const labelId = useId();
  const scroller = useRef<HTMLDivElement & HTMLPreElement>(null);
  const preview = useMemo(() => textWindow(text, keep, false), [text, keep]);
  const full = useMemo(() => (expanded ? textWindow(text, keep, true) : null), [text, keep, expanded]);
  const shown = full ?? preview;

  // Expanding a tail preview opens on the same last lines, with the earlier ones above.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (expanded && keep === "tail" && element) element.scrollTop = element.scrollHeight;
  }, [expanded, keep]);

  const toggle = preview.truncated && (
    <button type="button" className="link-button io-more" onClick={() => setExpanded()} aria-expanded={expanded}>
      {expanded
        ? "Show less"
        : preview.hiddenLines > 0
          ? `Show ${formatTokens(preview.hiddenLines)} ${keep === "tail" ? "earlier" : "more"} lines`
          : "Show all"}
    </button>
  );
  const body = render ? render(shown) : shown.lines.slice(shown.from, shown.to).join("\n");

  return (
    <div className={`io io-${tone}`} role="group" aria-labelledby={labelId}>
      <div className="io-head">
        <span className="io-label" id={labelId}>
          {label}
        </span>
        {meta}
        {text !== "" && <CopyButton text={copyText ?? text} label={copyLabel ?? `Copy ${label.toLowerCase()}`} className="io-copy" />}
      </div>
      {text === "" ? (
        <div className="io-empty">{empty}</div>
      ) : (
        <>
          {keep === "tail" && toggle}
          {render ? (
            <div ref={scroller} className={`io-pre io-lines${expanded ? " is-expanded" : ""}`} tabIndex={0} aria-labelledby={labelId}>
              {body}
            </div>
          ) : (
            <pre ref={scroller} className={`io-pre${expanded ? " is-expanded" : ""}`} tabIndex={0} aria-labelledby={labelId}>
              {body}
            </pre>
          )}
          {keep === "head" && toggle}
        </>
      )}
      {shown.droppedChars > 0 && expanded && (
        <div className="io-note">
          {keep === "tail" ? "The first" : "The last"} {formatTokens(shown.droppedChars)} characters are not shown.
        </div>
      )}
    </div>
  );
}
