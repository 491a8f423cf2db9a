// The file renderers: a read (path and line range; the output numbered, cat -n prefixes turned
// into the numbers), an edit (a diff per edit, from old and new text or from a patch text), and a
// write (the content highlighted by the file's extension, numbered). A patch that adds a file shows
// the file it creates; a diff too large to compare shows the text before and after.
import { useMemo } from "react";
import { diffLines, diffText, foldContext } from "../../lib/tools/diff";
import type { TextEdit, ToolInput } from "../../lib/tools/input";
import { languageForPath } from "../../lib/tools/languages";
import { hasLineNumbers, numberLines, stripLineNumbers } from "../../lib/tools/numbered";
import { addedContent, type PatchFile, parsePatch } from "../../lib/tools/patch";
import type { TextWindow } from "../../lib/tools/window";
import { textLines } from "../../lib/tools/window";
import { OutputBlock } from "../OutputBlock";
import { NumberedRows, useHighlightedLines } from "./CodeLines";
import { type DiffItem, diffItemsText, DiffView } from "./DiffView";
import { PathLine } from "./parts";

type Input<K extends ToolInput["kind"]> = Extract<ToolInput, { kind: K }>;

function lineRange(offset: number | undefined, limit: number | undefined): string | undefined {
  if (offset === undefined && limit === undefined) return undefined;
  const first = offset ?? 1;
  return limit === undefined ? `from line ${first}` : `lines ${first}–${first + limit - 1}`;
}

export function FileReadInputView({ input }: { input: Input<"file_read"> }) {
  if (input.path === undefined) return <PathLine path={input.command ?? ""} badge="command" />;
  return <PathLine path={input.path} detail={lineRange(input.offset, input.limit)} />;
}

/** Read output: numbered lines (the file's own numbers when the output carries them), the head in view. */
export function FileReadOutputView({ id, text, first }: { id: string; text: string; first: number }) {
  const prefixed = useMemo(() => hasLineNumbers(text.split("\n", 50)), [text]);
  const render = (window: TextWindow) => <NumberedRows lines={numberLines(window.lines.slice(window.from, window.to), prefixed, first + window.from)} />;
  return (
    <OutputBlock
      id={id}
      label="Output"
      text={text}
      keep="head"
      copyLabel="Copy output"
      copyText={prefixed ? () => stripLineNumbers(text) : text}
      render={render}
    />
  );
}

/** File content with line numbers, highlighted by `path`'s extension. */
export function CodeBlock({ id, path, content, label = "Content" }: { id: string; path: string; content: string; label?: string }) {
  const language = languageForPath(path);
  const highlighted = useHighlightedLines(content, language);
  const source = useMemo(() => textLines(content), [content]);
  const render = (window: TextWindow) => {
    const lines = numberLines(window.lines.slice(window.from, window.to), false, window.from + 1);
    // A line the preview cut short is shown as cut, without its highlighting.
    const pick = (index: number) => (window.lines[window.from + index] === source[window.from + index] ? (highlighted?.[window.from + index] ?? null) : null);
    return <NumberedRows lines={lines} highlighted={pick} />;
  };
  return (
    <OutputBlock
      id={id}
      label={language ? `${label} · ${language}` : label}
      text={content}
      keep="head"
      copyLabel="Copy file content"
      render={render}
      empty="(empty file)"
    />
  );
}

function editItems(edit: TextEdit): { items: DiffItem[]; copy: string } | null {
  const lines = diffLines(edit.oldText, edit.newText);
  return lines === null ? null : { items: foldContext(lines), copy: diffText(lines) };
}

function EditDiff({ id, edit, title }: { id: string; edit: TextEdit; title: string }) {
  const diff = useMemo(() => editItems(edit), [edit]);
  if (diff === null) {
    return (
      <>
        <div className="io-note">This edit is too large to compare line by line; here is the text before and after.</div>
        <OutputBlock id={`${id}:before`} label="Before" text={edit.oldText} keep="head" copyLabel="Copy before" />
        <OutputBlock id={`${id}:after`} label="After" text={edit.newText} keep="head" copyLabel="Copy after" />
      </>
    );
  }
  return <DiffView id={id} title={edit.replaceAll ? `${title} (every occurrence)` : title} items={diff.items} copyText={diff.copy} />;
}

export function FileEditInputView({ id, input }: { id: string; input: Input<"file_edit"> }) {
  const many = input.edits.length > 1;
  return (
    <>
      {input.path && <PathLine path={input.path} detail={many ? `${input.edits.length} edits` : undefined} />}
      {input.edits.map((edit, index) => (
        <EditDiff key={index} id={`${id}:edit${index}`} edit={edit} title={many ? `Edit ${index + 1} of ${input.edits.length}` : "Diff"} />
      ))}
    </>
  );
}

function patchItems(file: PatchFile): DiffItem[] {
  if (file.hunks.length === 1 && file.hunks[0]?.header === "") return file.hunks[0].lines;
  return file.hunks.flatMap((hunk): DiffItem[] => [{ kind: "hunk", header: hunk.header || "@@" }, ...hunk.lines]);
}

const OP_BADGE = { add: "new file", delete: "deleted", update: undefined } as const;

function PatchFileView({ id, file }: { id: string; file: PatchFile }) {
  const items = useMemo(() => patchItems(file), [file]);
  const created = addedContent(file);
  return (
    <>
      <PathLine path={file.moveTo ? `${file.path} → ${file.moveTo}` : file.path} badge={file.moveTo ? "moved" : OP_BADGE[file.op]} />
      {created !== null ? (
        <CodeBlock id={`${id}:content`} path={file.path} content={created} />
      ) : (
        items.length > 0 && <DiffView id={id} title="Diff" items={items} copyText={diffItemsText(items)} />
      )}
    </>
  );
}

export function FilePatchInputView({ id, input }: { id: string; input: Input<"file_patch"> }) {
  const files = useMemo(() => parsePatch(input.patch, input.path ?? ""), [input.patch, input.path]);
  if (files.length === 0) return <OutputBlock id={`${id}:patch`} label="Patch" text={input.patch} keep="head" copyLabel="Copy diff" />;
  return files.map((file, index) => <PatchFileView key={index} id={`${id}:file${index}`} file={file} />);
}

export function FileWriteInputView({ id, input }: { id: string; input: Input<"file_write"> }) {
  return (
    <>
      <PathLine path={input.path} />
      <CodeBlock id={`${id}:content`} path={input.path} content={input.content} />
    </>
  );
}
