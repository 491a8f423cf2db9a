// A tool result's output in the parts the renderers show: the text (a string, MCP text blocks,
// a shell result's stdout), stderr and exit code when the output carries them, the MCP content
// blocks themselves, and whether there is anything at all (an empty error must say so, not "{}").
import { isRecord } from "../check";
import { formatJson } from "../format";

export interface ContentBlock {
  type: string;
  text?: string;
  raw: Record<string, unknown>;
}

export interface ToolOutput {
  /** The main text; formatted JSON when the output has no recognisable text. */
  text: string;
  stderr: string;
  /** The exit code the output itself reports ({exitCode}, {exit_code}, {metadata: {exit_code}}). */
  exitCode: number | null;
  /** MCP content blocks ({content: [...]} or a bare array of them); null for other outputs. */
  blocks: ContentBlock[] | null;
  /** Whether `text` is JSON the viewer formatted (no text was found). */
  isJson: boolean;
}

function contentBlocks(output: unknown): ContentBlock[] | null {
  const parts = isRecord(output) ? output.content : output;
  if (!Array.isArray(parts) || parts.length === 0) return null;
  const blocks: ContentBlock[] = [];
  for (const part of parts) {
    if (!isRecord(part) || typeof part.type !== "string") return null;
    blocks.push({ type: part.type, text: typeof part.text === "string" ? part.text : undefined, raw: part });
  }
  return blocks;
}

const code = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);

export function readOutput(output: unknown): ToolOutput {
  const none = { stderr: "", exitCode: null, blocks: null, isJson: false };
  if (typeof output === "string") return { ...none, text: output };
  if (output === null || output === undefined) return { ...none, text: "" };
  const blocks = contentBlocks(output);
  if (blocks) {
    const texts = blocks.filter((block) => block.text !== undefined).map((block) => block.text ?? "");
    return { ...none, blocks, text: texts.join("\n") };
  }
  if (isRecord(output)) {
    const stdout = output.stdout ?? output.output ?? output.aggregated_output;
    const metadata = isRecord(output.metadata) ? output.metadata : {};
    const exitCode = code(output.exitCode) ?? code(output.exit_code) ?? code(metadata.exit_code) ?? code(metadata.exitCode);
    if (typeof stdout === "string" || typeof output.stderr === "string") {
      return { ...none, text: typeof stdout === "string" ? stdout : "", stderr: typeof output.stderr === "string" ? output.stderr : "", exitCode };
    }
  }
  return { ...none, text: formatJson(output), isJson: true };
}

/** Nothing to show: "", whitespace, null, {} or [] (or MCP content with no blocks). */
export function isEmptyOutput(output: unknown): boolean {
  if (output === null || output === undefined) return true;
  if (typeof output === "string") return output.trim() === "";
  if (Array.isArray(output)) return output.length === 0;
  if (isRecord(output)) {
    const keys = Object.keys(output);
    return keys.length === 0 || (keys.length === 1 && Array.isArray(output.content) && output.content.length === 0);
  }
  return false;
}
