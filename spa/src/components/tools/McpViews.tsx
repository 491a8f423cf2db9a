// MCP tools (and any call with a server), shown generically: the arguments as a key/value list
// (strings as text, anything else as formatted JSON) and the result's content blocks, text blocks
// as text and the others (images, resources) as JSON with their base64 data summarized.
import { isRecord } from "../../lib/check";
import { formatJson } from "../../lib/format";
import type { ContentBlock } from "../../lib/tools/output";
import { OutputBlock } from "../OutputBlock";

export function ArgumentList({ input }: { input: Record<string, unknown> }) {
  const entries = Object.entries(input);
  if (entries.length === 0) return <div className="io-empty">No arguments</div>;
  return (
    <dl className="kv">
      {entries.map(([key, value]) => (
        <div key={key} className="kv-row">
          <dt>{key}</dt>
          <dd>{typeof value === "string" ? <span className="kv-text">{value}</span> : <pre className="kv-json">{formatJson(value)}</pre>}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A block as JSON, with inline base64 data replaced by its size (an image's bytes are no use as text). */
function blockJson(block: ContentBlock): string {
  const shown: Record<string, unknown> = { ...block.raw };
  if (typeof shown.data === "string") shown.data = `<${shown.data.length} base64 characters>`;
  if (isRecord(shown.resource) && typeof shown.resource.blob === "string")
    shown.resource = { ...shown.resource, blob: `<${shown.resource.blob.length} base64 characters>` };
  return formatJson(shown);
}

export function ContentBlocksView({ id, blocks, tone, label }: { id: string; blocks: readonly ContentBlock[]; tone: "plain" | "error"; label: string }) {
  const many = blocks.length > 1;
  return blocks.map((block, index) => {
    const name = many ? `${label} ${index + 1} · ${block.type}` : label;
    const copyLabel = many ? `Copy ${label.toLowerCase()} ${index + 1}` : `Copy ${label.toLowerCase()}`;
    return block.text !== undefined ? (
      <OutputBlock key={index} id={`${id}:${index}`} label={name} text={block.text} tone={tone} copyLabel={copyLabel} />
    ) : (
      <OutputBlock key={index} id={`${id}:${index}`} label={name} text={blockJson(block)} tone={tone} keep="head" copyLabel={copyLabel} />
    );
  });
}
