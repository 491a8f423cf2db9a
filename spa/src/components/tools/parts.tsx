// Small pieces the tool renderers share: a titled section with a copy button, a file path line,
// an exit-code chip and the message for a tool that failed without saying why.
import type { ReactNode } from "react";
import { useId } from "react";
import { CopyButton } from "../CopyButton";

/** A titled part of a tool's body (the input, a file, a query); `copy` adds a copy button for it. */
export function Section({
  title,
  copy,
  actions,
  children,
}: {
  title: string;
  copy?: { label: string; text: string | (() => string) };
  actions?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <div className="tsec" role="group" aria-labelledby={titleId}>
      <div className="io-head">
        <span className="io-label" id={titleId}>
          {title}
        </span>
        {actions}
        {copy && <CopyButton text={copy.text} label={copy.label} className="io-copy" />}
      </div>
      {children}
    </div>
  );
}

export function PathLine({ path, detail, badge }: { path: string; detail?: string; badge?: string }) {
  return (
    <div className="tpath">
      <span className="tpath-text">{path}</span>
      {detail && <span className="chip">{detail}</span>}
      {badge && <span className="chip tpath-badge">{badge}</span>}
    </div>
  );
}

/** "exit 0", or in the error tone for any other code. */
export function ExitCode({ code }: { code: number }) {
  return <span className={`chip exit-code${code === 0 ? "" : " is-error"}`}>exit {code}</span>;
}

/** An error result with nothing in it: say so plainly, with the codes there are. */
export function EmptyError({ errorCode, exitCode }: { errorCode?: string; exitCode?: number | null }) {
  const details = [errorCode ? `error code ${errorCode}` : null, exitCode !== undefined && exitCode !== null ? `exit code ${exitCode}` : null].filter(
    (detail) => detail !== null,
  );
  return (
    <div className="io io-error tool-fail" role="group" aria-label="Error">
      <div className="io-head">
        <span className="io-label">Error</span>
      </div>
      <p className="tool-fail-text">The tool failed without a message{details.length > 0 ? ` (${details.join(", ")})` : ""}.</p>
    </div>
  );
}
