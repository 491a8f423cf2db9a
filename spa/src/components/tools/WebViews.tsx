// The web renderers: a search's query and its results as links (titles, addresses, snippets), a
// fetch's address as a safe link and the page text it returned. Links are http(s) only and open
// in a new tab without referrer.
import { useMemo } from "react";
import { safeHref } from "../../lib/markdown";
import type { ToolInput } from "../../lib/tools/input";
import { webResults } from "../../lib/tools/results";

/** A link for http(s) addresses; anything else stays text. */
export function SafeLink({ url, children }: { url: string; children?: string }) {
  const href = safeHref(url);
  if (href === null || !/^https?:/.test(href)) return <span className="tlink">{children ?? url}</span>;
  return (
    <a className="tlink" href={href} target="_blank" rel="noopener noreferrer">
      {children ?? url}
    </a>
  );
}

export function WebSearchInputView({ input }: { input: Extract<ToolInput, { kind: "web_search" }> }) {
  return (
    <div className="search-query">
      <span className="search-label">Query</span> <span className="web-query">{input.query}</span>
    </div>
  );
}

export function WebFetchInputView({ input }: { input: Extract<ToolInput, { kind: "web_fetch" }> }) {
  return (
    <>
      <div className="search-query">
        <span className="search-label">URL</span> <SafeLink url={input.url} />
      </div>
      {input.prompt && <p className="tool-desc">{input.prompt}</p>}
    </>
  );
}

/** The results found in a search's output, as a list of links; nothing when none are found. */
export function WebResultsView({ output, text }: { output: unknown; text: string }) {
  const results = useMemo(() => webResults(output, text), [output, text]);
  if (results.length === 0) return null;
  return (
    <div className="tsec" role="group" aria-label="Results">
      <div className="io-head">
        <span className="io-label">
          {results.length} {results.length === 1 ? "result" : "results"}
        </span>
      </div>
      <ul className="web-results">
        {results.map((result, index) => (
          <li key={index}>
            <SafeLink url={result.url}>{result.title}</SafeLink>
            <div className="web-url">{result.url}</div>
            {result.snippet && <div className="web-snippet">{result.snippet}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}
