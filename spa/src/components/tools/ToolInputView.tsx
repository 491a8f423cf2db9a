// A tool call's input, drawn for its tool: the command, the file and its diff or content, the
// pattern, the query, the URL, the task; an MCP tool's arguments as a list; JSON for inputs of an
// unknown shape. Exported for permission requests too, which show the input they ask about.
import { useId } from "react";
import { isRecord } from "../../lib/check";
import { formatJson } from "../../lib/format";
import { readToolInput, type ToolInput } from "../../lib/tools/input";
import { OutputBlock } from "../OutputBlock";
import { FileEditInputView, FilePatchInputView, FileReadInputView, FileWriteInputView } from "./FileViews";
import { ArgumentList } from "./McpViews";
import { Section } from "./parts";
import { SearchInputView } from "./SearchViews";
import { TerminalInputView } from "./Terminal";
import { WebFetchInputView, WebSearchInputView } from "./WebViews";

export interface ToolInputViewProps {
  tool: string;
  input: unknown;
  originalTool?: string;
  /** Set for MCP tools. */
  server?: string;
  /** Row-state key prefix for the view's toggles (stable across re-renders of a virtualized row). */
  id?: string;
}

const TITLES: Record<ToolInput["kind"], string> = {
  terminal: "Command",
  file_read: "Read",
  file_edit: "Edit",
  file_patch: "Patch",
  file_write: "Write",
  file_search: "File search",
  content_search: "Content search",
  web_search: "Web search",
  web_fetch: "Fetch",
  sub_agent: "Task",
};

function SubAgentInputView({ id, input }: { id: string; input: Extract<ToolInput, { kind: "sub_agent" }> }) {
  return (
    <>
      {(input.description || input.agentType) && (
        <div className="tool-desc">
          {input.description && <strong>{input.description}</strong>}
          {input.agentType && <span className="chip">{input.agentType}</span>}
        </div>
      )}
      {input.prompt && <OutputBlock id={`${id}:prompt`} label="Prompt" text={input.prompt} keep="head" copyLabel="Copy prompt" />}
    </>
  );
}

function CanonicalInput({ id, input }: { id: string; input: ToolInput }) {
  switch (input.kind) {
    case "terminal":
      return <TerminalInputView input={input} />;
    case "file_read":
      return <FileReadInputView input={input} />;
    case "file_edit":
      return <FileEditInputView id={id} input={input} />;
    case "file_patch":
      return <FilePatchInputView id={id} input={input} />;
    case "file_write":
      return <FileWriteInputView id={id} input={input} />;
    case "file_search":
    case "content_search":
      return <SearchInputView input={input} />;
    case "web_search":
      return <WebSearchInputView input={input} />;
    case "web_fetch":
      return <WebFetchInputView input={input} />;
    case "sub_agent":
      return <SubAgentInputView id={id} input={input} />;
  }
}

export function ToolInputView({ tool, input, originalTool, server, id }: ToolInputViewProps) {
  const ownId = useId();
  const key = `${id ?? ownId}:in`;
  const json = formatJson(input);
  const copy = { label: "Copy input", text: json };
  if (server !== undefined && isRecord(input)) {
    return (
      <Section title="Arguments" copy={copy}>
        <ArgumentList input={input} />
      </Section>
    );
  }
  const read = readToolInput({ tool, originalTool, server, input });
  if (read === null) return <OutputBlock id={key} label="Input" text={json} keep="head" copyLabel="Copy input" />;
  return (
    <Section title={TITLES[read.kind]} copy={copy}>
      <CanonicalInput id={key} input={read} />
    </Section>
  );
}
