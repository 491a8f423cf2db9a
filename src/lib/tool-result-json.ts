// A ToolResult as response text. A mock's data is spliced in as the exact text it was created with,
// since serializing a parsed object again could reorder its keys (integer-like keys go first in JS).
import type { ExecuteReply } from "../../durable-objects/session/session-toolbox";

export function toolResultJson({ result, rawData }: ExecuteReply): string {
  const { success, data, ...rest } = result;
  const dataText = rawData ?? JSON.stringify(data ?? null);
  return `{"success":${JSON.stringify(success)},"data":${dataText},${JSON.stringify(rest).slice(1)}`;
}
