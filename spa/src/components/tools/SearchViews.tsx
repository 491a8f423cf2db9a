// The search renderers: a file search's pattern and the paths it found, a content search's pattern
// and its matches grouped by file (path, line number, line text). Output that does not read as
// results stays text.
import { useMemo } from "react";
import type { ToolInput } from "../../lib/tools/input";
import { contentMatches, resultLines } from "../../lib/tools/results";
import type { TextWindow } from "../../lib/tools/window";
import { OutputBlock } from "../OutputBlock";
import { CommandLine } from "./Terminal";

type SearchInput = Extract<ToolInput, { kind: "file_search" | "content_search" }>;

export function SearchInputView({ input }: { input: SearchInput }) {
  if (input.pattern === undefined) return <CommandLine command={input.command ?? ""} />;
  const glob = input.kind === "content_search" ? input.glob : undefined;
  return (
    <div className="search-query">
      <span className="search-label">Pattern</span> <code className="search-pattern">{input.pattern}</code>
      {input.path && (
        <>
          {" "}
          <span className="search-label">in</span> <code>{input.path}</code>
        </>
      )}
      {glob && (
        <>
          {" "}
          <span className="search-label">files</span> <code>{glob}</code>
        </>
      )}
    </div>
  );
}

const pathList = (window: TextWindow) => (
  <ul className="path-list">
    {window.lines.slice(window.from, window.to).map((path, index) => (
      <li key={index}>{path}</li>
    ))}
  </ul>
);

/** Found paths, one a line, the first ones in view. */
export function FileSearchOutputView({ id, text }: { id: string; text: string }) {
  const paths = useMemo(() => resultLines(text), [text]);
  const label = `${paths.length} ${paths.length === 1 ? "file" : "files"}`;
  return (
    <OutputBlock id={id} label={label} text={paths.join("\n")} keep="head" copyLabel="Copy output" copyText={text} render={pathList} empty="No files found" />
  );
}

/** Matches by file; the whole output stays one block (so its preview and copy work as for any output). */
export function ContentSearchOutputView({ id, text }: { id: string; text: string }) {
  const groups = useMemo(() => contentMatches(text), [text]);
  if (groups === null) return <FileSearchOutputView id={id} text={text} />;
  const total = groups.reduce((sum, group) => sum + group.matches.filter((match) => !match.context).length, 0);
  // One row a line (a path, or a line number and the line's text after a tab), so the block's preview and caps apply.
  const rows = groups.flatMap((group) => [group.path, ...group.matches.map((match) => `${match.line ?? ""}\t${match.context ? "-" : ":"}${match.text}`)]);
  const render = (window: TextWindow) => (
    <div className="matches">
      {window.lines.slice(window.from, window.to).map((row, index) => {
        const tab = row.indexOf("\t");
        if (tab < 0)
          return (
            <div key={index} className="match-path">
              {row}
            </div>
          );
        const context = row[tab + 1] === "-";
        return (
          <div key={index} className={`match-row${context ? " is-context" : ""}`}>
            <span className="nl-no">{row.slice(0, tab)}</span>
            <span className="nl-text">{row.slice(tab + 2) || " "}</span>
          </div>
        );
      })}
    </div>
  );
  const label = `${total} ${total === 1 ? "match" : "matches"} in ${groups.length} ${groups.length === 1 ? "file" : "files"}`;
  return <OutputBlock id={id} label={label} text={rows.join("\n")} keep="head" copyLabel="Copy output" copyText={text} render={render} />;
}
