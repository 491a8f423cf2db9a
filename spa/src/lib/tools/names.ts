// Which canonical tool a call is: the gateway's name (spec: terminal, file_read, ...) when it gave
// one, else the original agent's name mapped onto it (Claude Code's Bash, Codex's exec_command, a
// gateway's read_file). Renderers and summaries pick their view from this.

export const CANONICAL_TOOLS = [
  "terminal",
  "file_read",
  "file_edit",
  "file_write",
  "file_search",
  "content_search",
  "web_search",
  "web_fetch",
  "sub_agent",
] as const;
export type CanonicalTool = (typeof CANONICAL_TOOLS)[number];

/** Original tool names (lowercased) of the agents the gateway knows, by the canonical tool they are. */
const ALIASES: ReadonlyMap<string, CanonicalTool> = new Map(
  Object.entries({
    bash: "terminal",
    shell: "terminal",
    local_shell: "terminal",
    exec_command: "terminal",
    run_command: "terminal",
    run_terminal_cmd: "terminal",
    execute_command: "terminal",
    read: "file_read",
    read_file: "file_read",
    view: "file_read",
    edit: "file_edit",
    multiedit: "file_edit",
    edit_file: "file_edit",
    apply_patch: "file_edit",
    write: "file_write",
    write_file: "file_write",
    create_file: "file_write",
    glob: "file_search",
    find_files: "file_search",
    grep: "content_search",
    search_files: "content_search",
    websearch: "web_search",
    webfetch: "web_fetch",
    fetch: "web_fetch",
    fetch_url: "web_fetch",
    agent: "sub_agent",
    task: "sub_agent",
  } satisfies Record<string, CanonicalTool>),
);

export function isCanonicalTool(name: string): name is CanonicalTool {
  return CANONICAL_TOOLS.some((tool) => tool === name);
}

/** The canonical tool for a call's `tool` and `originalTool`; null for other tools (MCP tools, custom ones). */
export function canonicalTool(tool: string, originalTool?: string): CanonicalTool | null {
  if (isCanonicalTool(tool)) return tool;
  return ALIASES.get(tool.toLowerCase()) ?? (originalTool === undefined ? null : (ALIASES.get(originalTool.toLowerCase()) ?? null));
}
