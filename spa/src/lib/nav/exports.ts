// The download actions, loaded on first use (their own chunk): read or build the file, then hand it
// to the browser as a Blob URL clicked through an <a download>, revoked shortly after.
import type { ApiError, ApiResult, ShareToken } from "../api";
import type { ViewState } from "../rows";
import { exportFileName, readAllEvents, toJsonl } from "./jsonl-export";
import { sessionMarkdown } from "./markdown-export";

/** Long enough for the browser to start reading the Blob before its URL goes away. */
const REVOKE_AFTER_MS = 10_000;

export type WithToken = <T>(call: (token: string, share: ShareToken) => Promise<ApiResult<T>>) => Promise<ApiResult<T>>;

export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** The file's id: the session's id, else the share code. */
function fileId(share: ShareToken, code: string): string {
  return share.sessionId || code;
}

export async function downloadJsonl(withToken: WithToken, share: ShareToken, code: string): Promise<ApiError | null> {
  const result = await withToken((token, current) => readAllEvents(fetch, current, token));
  if (!result.ok) return result.error;
  saveFile(exportFileName(fileId(share, code), "jsonl"), toJsonl(result.value), "application/x-ndjson");
  return null;
}

export function downloadMarkdown(view: ViewState, share: ShareToken, code: string): void {
  saveFile(exportFileName(fileId(share, code), "md"), sessionMarkdown(view), "text/markdown");
}
