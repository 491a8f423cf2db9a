// Copies the share link (this page's address without query or hash) to the clipboard.
import { useEffect, useState } from "react";
import { CheckIcon, LinkIcon } from "./Icons";

const COPIED_FEEDBACK_MS = 2_000;

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function CopyLinkButton() {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const link = `${window.location.origin}${window.location.pathname}`;
  return (
    <button type="button" className="btn btn-quiet copy-link" onClick={() => void copy(link).then((ok) => setState(ok ? "copied" : "failed"))} title={link}>
      {state === "copied" ? <CheckIcon /> : <LinkIcon />}
      <span className="copy-label" aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy link"}
      </span>
    </button>
  );
}
