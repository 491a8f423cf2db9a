// A monospace block for tool input/output: long text is cut to a few lines with "show more".
import { formatTokens, truncateText } from "../lib/format";
import { useRowToggle } from "../hooks/useRowState";

const PREVIEW_LINES = 24;
const PREVIEW_CHARS = 4_000;
/** Even expanded, render at most this much; beyond it the browser slows for no reader's benefit. */
const FULL_CHARS = 200_000;

export function OutputBlock({ id, label, text, tone = "plain" }: { id: string; label: string; text: string; tone?: "plain" | "error" }) {
  const [expanded, setExpanded] = useRowToggle(`${id}:more`);
  const preview = truncateText(text, PREVIEW_LINES, PREVIEW_CHARS);
  const full = text.length > FULL_CHARS ? text.slice(0, FULL_CHARS) : text;
  const shown = expanded ? full : preview.text;
  return (
    <section className={`io io-${tone}`} aria-label={label}>
      <div className="io-label">{label}</div>
      {text === "" ? (
        <div className="io-empty">(empty)</div>
      ) : (
        <pre className={`io-pre${expanded ? " is-expanded" : ""}`} tabIndex={0} aria-label={label}>
          {shown}
        </pre>
      )}
      {preview.truncated && (
        <button type="button" className="link-button" onClick={() => setExpanded()} aria-expanded={expanded}>
          {expanded ? "Show less" : `Show more${preview.hiddenLines > 0 ? ` (${formatTokens(preview.hiddenLines)} more lines)` : ""}`}
        </button>
      )}
      {expanded && full.length < text.length && <div className="io-note">Output cut at {formatTokens(FULL_CHARS)} characters.</div>}
    </section>
  );
}
