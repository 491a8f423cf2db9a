// The terminal renderer: the command as a shell line ("$ npm test", highlighted as bash), what the
// agent said it is for, and the output with its ANSI colours, the tail kept in view, and the exit
// code (any code but 0 in the error tone).
import { Fragment } from "react";
import { hasAnsi, stripAnsi } from "../../lib/tools/ansi";
import type { ToolInput } from "../../lib/tools/input";
import type { ToolOutput } from "../../lib/tools/output";
import type { TextWindow } from "../../lib/tools/window";
import { CopyButton } from "../CopyButton";
import { OutputBlock } from "../OutputBlock";
import { AnsiLines } from "./AnsiLines";
import { HlNodes, useHighlightedLines } from "./CodeLines";
import { ExitCode } from "./parts";

type TerminalInput = Extract<ToolInput, { kind: "terminal" }>;

export function CommandLine({ command }: { command: string }) {
  const highlighted = useHighlightedLines(command, "bash");
  return (
    <div className="cmd">
      <pre className="cmd-line" tabIndex={0} aria-label="Command">
        <span className="cmd-prompt" aria-hidden="true">
          ${" "}
        </span>
        <code>
          {highlighted
            ? highlighted.map((line, index) => (
                <Fragment key={index}>
                  {index > 0 && "\n"}
                  <HlNodes nodes={line} />
                </Fragment>
              ))
            : command}
        </code>
      </pre>
      <CopyButton text={command} label="Copy command" />
    </div>
  );
}

export function TerminalInputView({ input }: { input: TerminalInput }) {
  const details = [input.workdir ? `in ${input.workdir}` : null, input.timeoutMs ? `timeout ${Math.round(input.timeoutMs / 1000)} s` : null].filter(
    (one) => one !== null,
  );
  return (
    <>
      {input.description && <p className="tool-desc">{input.description}</p>}
      <CommandLine command={input.command} />
      {details.length > 0 && <div className="tool-details">{details.join(" · ")}</div>}
    </>
  );
}

const ansiView = (window: TextWindow) => <AnsiLines window={window} />;

/** A stream of terminal text: ANSI-coloured when it has escapes, copied as the plain text a terminal shows. */
export function TerminalStream({
  id,
  label,
  text,
  tone,
  exitCode,
  copyLabel,
}: {
  id: string;
  label: string;
  text: string;
  tone: "plain" | "error";
  exitCode?: number | null;
  copyLabel: string;
}) {
  const colored = hasAnsi(text);
  return (
    <OutputBlock
      id={id}
      label={label}
      text={text}
      tone={tone}
      copyLabel={copyLabel}
      copyText={colored ? () => stripAnsi(text) : text}
      render={colored ? ansiView : undefined}
      meta={exitCode !== undefined && exitCode !== null ? <ExitCode code={exitCode} /> : null}
      empty="No output"
    />
  );
}

export function TerminalOutputView({
  id,
  label,
  output,
  isError,
  exitCode,
}: {
  id: string;
  label: string;
  output: ToolOutput;
  isError: boolean;
  exitCode: number | null;
}) {
  const failed = isError || (exitCode !== null && exitCode !== 0);
  return (
    <>
      <TerminalStream id={`${id}:out`} label={label} text={output.text} tone={failed ? "error" : "plain"} exitCode={exitCode} copyLabel="Copy output" />
      {output.stderr !== "" && (
        <TerminalStream id={`${id}:err`} label="Stderr" text={output.stderr} tone={failed ? "error" : "plain"} copyLabel="Copy stderr" />
      )}
    </>
  );
}
