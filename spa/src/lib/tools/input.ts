// A tool call's input read into one shape per canonical tool, whatever agent wrote it: inputs keep
// the original agent's fields (Claude Code's {file_path, old_string}, Codex's {cmd: [...]} and
// apply_patch text, a gateway's {path, oldText}), so each field is looked up under every name it
// goes by. null when the input does not fit the tool's shape: the viewer then shows it as JSON.
// Small and shared by the row summary (first load) and the renderers (loaded on expand).
import { isRecord } from "../check";
import { canonicalTool, type CanonicalTool } from "./names";

export interface TextEdit {
  oldText: string;
  newText: string;
  replaceAll?: boolean;
}

export type ToolInput =
  | { kind: "terminal"; command: string; description?: string; workdir?: string; timeoutMs?: number }
  /** Codex reads and searches with a shell command: `command` then stands in for the path or pattern. */
  | { kind: "file_read"; path?: string; command?: string; offset?: number; limit?: number }
  | { kind: "file_edit"; path?: string; edits: TextEdit[] }
  /** An apply_patch or unified diff text, for file_edit and file_write (Codex's "*** Add File:" writes). */
  | { kind: "file_patch"; path?: string; patch: string }
  | { kind: "file_write"; path: string; content: string }
  | { kind: "file_search"; pattern?: string; path?: string; command?: string }
  | { kind: "content_search"; pattern?: string; path?: string; glob?: string; command?: string }
  | { kind: "web_search"; query: string }
  | { kind: "web_fetch"; url: string; prompt?: string }
  | { kind: "sub_agent"; description?: string; agentType?: string; prompt?: string };
export type ToolInputKind = ToolInput["kind"];

/** What a renderer needs to know of a call; `server` marks an MCP tool. */
export interface CallLike {
  tool: string;
  originalTool?: string;
  server?: string;
  input: unknown;
}

type Fields = Record<string, unknown>;

/** The first of `names` that holds a non-empty string. */
function text(fields: Fields, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** Like `text`, but an empty string counts (an edit may remove text, a write may empty a file). */
function textOrEmpty(fields: Fields, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === "string") return value;
  }
  return undefined;
}

function count(fields: Fields, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return undefined;
}

const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

function shellQuote(arg: string): string {
  return SHELL_SAFE.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A command as one shell line: a string as is; an argv array joined, with `bash -lc <script>` read as its script. */
export function commandText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (!Array.isArray(value) || value.length === 0 || !value.every((part) => typeof part === "string")) return undefined;
  const [program = "", flag, script, ...rest] = value;
  if (/^(?:\/\S*\/)?(?:ba|z)?sh$/.test(program) && (flag === "-lc" || flag === "-c") && typeof script === "string" && rest.length === 0) return script;
  return value.map(shellQuote).join(" ");
}

function command(fields: Fields): string | undefined {
  return commandText(fields.command) ?? commandText(fields.cmd) ?? commandText(fields.argv);
}

const PATH_FIELDS = ["file_path", "path", "file", "filename", "filePath", "target_file"];

/** A patch text: Codex's apply_patch envelope, or a unified diff (hunks with @@ headers). */
export function looksLikePatch(value: string): boolean {
  return /^\*\*\* Begin Patch/m.test(value) || /^@@ .*@@/m.test(value);
}

function patchText(input: unknown): string | undefined {
  if (typeof input === "string") return looksLikePatch(input) ? input : undefined;
  if (!isRecord(input)) return undefined;
  const value = text(input, "input", "patch", "raw", "diff");
  return value !== undefined && looksLikePatch(value) ? value : undefined;
}

function edit(fields: unknown): TextEdit | null {
  if (!isRecord(fields)) return null;
  const oldText = textOrEmpty(fields, "old_string", "oldText", "old_str", "old_text", "oldString");
  const newText = textOrEmpty(fields, "new_string", "newText", "new_str", "new_text", "newString");
  if (oldText === undefined || newText === undefined) return null;
  return fields.replace_all === true || fields.replaceAll === true ? { oldText, newText, replaceAll: true } : { oldText, newText };
}

function readInput(tool: CanonicalTool, input: unknown): ToolInput | null {
  if (tool === "terminal" && typeof input === "string") return input.trim() === "" ? null : { kind: "terminal", command: input };
  if ((tool === "file_edit" || tool === "file_write") && typeof input === "string") {
    const patch = patchText(input);
    return patch === undefined ? null : { kind: "file_patch", patch };
  }
  if (!isRecord(input)) return null;
  const path = text(input, ...PATH_FIELDS);
  switch (tool) {
    case "terminal": {
      const line = command(input);
      if (line === undefined) return null;
      const description = text(input, "description", "justification");
      const workdir = text(input, "workdir", "cwd", "working_directory");
      const timeoutMs = count(input, "timeout", "timeout_ms");
      return { kind: "terminal", command: line, description, workdir, timeoutMs };
    }
    case "file_read": {
      const shell = command(input);
      if (path === undefined && shell === undefined) return null;
      return {
        kind: "file_read",
        path,
        command: path === undefined ? shell : undefined,
        offset: count(input, "offset", "start_line", "line"),
        limit: count(input, "limit", "lines"),
      };
    }
    case "file_edit":
    case "file_write": {
      const patch = patchText(input);
      if (patch !== undefined) return { kind: "file_patch", path, patch };
      if (tool === "file_write") {
        const content = textOrEmpty(input, "content", "contents", "file_text", "text", "data");
        return path === undefined || content === undefined ? null : { kind: "file_write", path, content };
      }
      const edits = Array.isArray(input.edits) ? input.edits.map(edit) : [edit(input)];
      if (edits.length === 0 || !edits.every((one) => one !== null)) return null;
      return { kind: "file_edit", path, edits };
    }
    case "file_search":
    case "content_search": {
      const pattern = text(input, "pattern", "query", "regex", "glob", "name");
      const shell = pattern === undefined ? command(input) : undefined;
      if (pattern === undefined && shell === undefined) return null;
      const where = text(input, "path", "cwd", "dir", "directory");
      if (tool === "file_search") return { kind: "file_search", pattern, path: where, command: shell };
      return { kind: "content_search", pattern, path: where, glob: pattern === input.glob ? undefined : text(input, "glob", "include"), command: shell };
    }
    case "web_search": {
      const action = isRecord(input.action) ? input.action : {};
      const url = action.type === "open_page" ? text(action, "url") : undefined;
      if (url !== undefined) return { kind: "web_fetch", url };
      const queries = Array.isArray(action.queries) ? action.queries.filter((one) => typeof one === "string") : [];
      const query = text(input, "query", "q", "search_query") ?? text(action, "query") ?? (queries.length > 0 ? queries.join(" · ") : undefined);
      return query === undefined ? null : { kind: "web_search", query };
    }
    case "web_fetch": {
      const url = text(input, "url", "uri", "href");
      return url === undefined ? null : { kind: "web_fetch", url, prompt: text(input, "prompt") };
    }
    case "sub_agent": {
      const description = text(input, "description", "title", "name");
      const agentType = text(input, "subagent_type", "agent_type", "agentType", "agent");
      const prompt = text(input, "prompt", "task", "message", "instructions");
      return description === undefined && prompt === undefined ? null : { kind: "sub_agent", description, agentType, prompt };
    }
  }
}

/** The canonical tool a call shows as: null for MCP tools (they have a `server`) and tools the gateway does not know. */
export function callTool(call: CallLike): CanonicalTool | null {
  return call.server ? null : canonicalTool(call.tool, call.originalTool);
}

/** The call's input in its canonical shape; null for other tools and for inputs of an unknown shape. */
export function readToolInput(call: CallLike): ToolInput | null {
  const tool = callTool(call);
  return tool === null ? null : readInput(tool, call.input);
}
