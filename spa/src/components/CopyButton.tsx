// Copy buttons: a small icon button for a piece of a row (a message, a code block, a command, a
// tool's input or output, an event's link) and the header's labelled "Copy link". Both say
// "Copied" for a moment, announced politely to screen readers.
import { useEffect, useState } from "react";
import { copyText } from "../lib/clipboard";
import { CheckIcon, CopyIcon, LinkIcon } from "./Icons";

const COPIED_FEEDBACK_MS = 2_000;
type CopyState = "idle" | "copied" | "failed";

function useCopy(): [CopyState, (text: string) => void] {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return [state, (text) => void copyText(text).then((ok) => setState(ok ? "copied" : "failed"))];
}

interface CopyButtonProps {
  /** What to copy; a function is called only on click (for text that is costly to build). */
  text: string | (() => string);
  /** The accessible name, e.g. "Copy command". */
  label: string;
  /** "link" shows a link icon (copying an address) instead of the copy icon. */
  icon?: "copy" | "link";
  className?: string;
}

export function CopyButton({ text, label, icon = "copy", className }: CopyButtonProps) {
  const [state, copy] = useCopy();
  const spoken = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <button
      type="button"
      className={`icon-button copy-button${className ? ` ${className}` : ""}${state === "copied" ? " is-copied" : ""}`}
      aria-label={spoken}
      title={label}
      onClick={() => copy(typeof text === "function" ? text() : text)}
    >
      {state === "copied" ? <CheckIcon /> : icon === "link" ? <LinkIcon /> : <CopyIcon />}
    </button>
  );
}

/** The header's "Copy link": this page's address without query or hash. */
export function CopyLinkButton() {
  const [state, copy] = useCopy();
  const link = `${window.location.origin}${window.location.pathname}`;
  return (
    <button type="button" className="btn btn-quiet copy-link" onClick={() => copy(link)} title={link}>
      {state === "copied" ? <CheckIcon /> : <LinkIcon />}
      <span className="copy-label" aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy link"}
      </span>
    </button>
  );
}
