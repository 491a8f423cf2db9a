// An expanded tool row (loaded on first expand, with the renderers, diff and ANSI code): the input
// drawn for its tool, the output drawn for it too (terminal colours and exit code, numbered file
// text, search results, web links, MCP content blocks), a clear message for an error without one,
// and the raw JSON of both on request.
import { useRowToggle } from "../../hooks/useRowState";
import type { ToolResult } from "../../lib/rows";
import { hasAnsi } from "../../lib/tools/ansi";
import { type CallLike, readToolInput, type ToolInput } from "../../lib/tools/input";
import { isEmptyOutput, readOutput } from "../../lib/tools/output";
import { OutputBlock } from "../OutputBlock";
import type { ToolRowData } from "../ToolRow";
import { FileReadOutputView } from "./FileViews";
import { ContentBlocksView } from "./McpViews";
import { EmptyError, ExitCode } from "./parts";
import { ContentSearchOutputView, FileSearchOutputView } from "./SearchViews";
import { TerminalOutputView } from "./Terminal";
import { ToolInputView } from "./ToolInputView";
import { WebResultsView } from "./WebViews";

/** A value as JSON text exactly (a string in quotes, unlike formatJson's text-as-is). */
function rawJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? "undefined";
  } catch {
    return String(value);
  }
}

function ResultView({ id, call, input, result }: { id: string; call: CallLike | null; input: ToolInput | null; result: ToolResult }) {
  const output = readOutput(result.output);
  const exitCode = result.exitCode ?? output.exitCode;
  if (result.isError && isEmptyOutput(result.output)) return <EmptyError errorCode={result.errorCode} exitCode={exitCode} />;
  const label = result.isError ? `Error${result.errorCode ? ` · ${result.errorCode}` : ""}` : "Output";
  const tone = result.isError ? "error" : "plain";
  const outId = `${id}:out`;

  if (call?.server && output.blocks) return <ContentBlocksView id={outId} blocks={output.blocks} tone={tone} label={label} />;
  if (input?.kind === "terminal" || output.stderr !== "" || hasAnsi(output.text)) {
    return <TerminalOutputView id={id} label={label} output={output} isError={result.isError} exitCode={exitCode} />;
  }
  if (!result.isError && !output.isJson) {
    switch (input?.kind) {
      case "file_read":
        return <FileReadOutputView id={outId} text={output.text} first={input.offset ?? 1} />;
      case "file_search":
        return <FileSearchOutputView id={outId} text={output.text} />;
      case "content_search":
        return <ContentSearchOutputView id={outId} text={output.text} />;
      case "web_search":
        return (
          <>
            <WebResultsView output={result.output} text={output.text} />
            <OutputBlock id={outId} label={label} text={output.text} copyLabel="Copy output" keep="head" />
          </>
        );
      case "web_fetch":
        return <OutputBlock id={outId} label={label} text={output.text} copyLabel="Copy output" keep="head" />;
    }
  }
  if (output.blocks) return <ContentBlocksView id={outId} blocks={output.blocks} tone={tone} label={label} />;
  return (
    <OutputBlock
      id={outId}
      label={label}
      text={output.text}
      tone={tone}
      copyLabel="Copy output"
      meta={exitCode !== null ? <ExitCode code={exitCode} /> : null}
      empty="No output"
    />
  );
}

export default function ToolBody({ row }: { row: ToolRowData }) {
  const { call, result } = row;
  const [raw, toggleRaw] = useRowToggle(`${row.key}:raw`);
  const input = call ? readToolInput(call) : null;
  const origin = call
    ? [call.originalTool && call.originalTool !== call.tool ? call.originalTool : null, call.originalAgent ?? null].filter((one) => one !== null)
    : [];
  return (
    <>
      {call && <ToolInputView id={row.key} tool={call.tool} input={call.input} originalTool={call.originalTool} server={call.server} />}
      {result ? <ResultView id={row.key} call={call} input={input} result={result} /> : <div className="io-waiting">Waiting for the result…</div>}
      <div className="tool-foot">
        {origin.length > 0 && <span className="tool-origin">{origin.join(" · ")}</span>}
        <button type="button" className="link-button" aria-pressed={raw} onClick={() => toggleRaw()}>
          Raw JSON
        </button>
      </div>
      {raw && (
        <>
          {call && <OutputBlock id={`${row.key}:rawin`} label="Input JSON" text={rawJson(call.input)} keep="head" copyLabel="Copy raw input" />}
          {result && <OutputBlock id={`${row.key}:rawout`} label="Output JSON" text={rawJson(result.output)} keep="head" copyLabel="Copy raw output" />}
        </>
      )}
    </>
  );
}
