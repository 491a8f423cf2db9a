// Picks the component for one timeline row.
import { memo } from "react";
import type { DisplayRow } from "../lib/pending";
import { AbortedRow, CompactionRow, EndRow, ErrorRow, InitRow, ThinkingRow, TurnRow, UnknownRow } from "./EventRows";
import { AssistantRow, PendingRow, QueuedRow, UserRow } from "./MessageRows";
import { PermissionRow } from "./PermissionRow";
import { ToolRow } from "./ToolRow";

export const RowView = memo(function RowView({ row }: { row: DisplayRow }) {
  switch (row.kind) {
    case "init":
      return <InitRow row={row} />;
    case "user":
      return <UserRow row={row} />;
    case "queued":
      return <QueuedRow row={row} />;
    case "pending":
      return <PendingRow prompt={row.prompt} />;
    case "assistant":
      return <AssistantRow row={row} />;
    case "thinking":
      return <ThinkingRow row={row} />;
    case "tool":
      return <ToolRow row={row} />;
    case "permission":
      return <PermissionRow row={row} />;
    case "turn":
      return <TurnRow row={row} />;
    case "aborted":
      return <AbortedRow row={row} />;
    case "compaction":
      return <CompactionRow row={row} />;
    case "error":
      return <ErrorRow row={row} />;
    case "end":
      return <EndRow row={row} />;
    case "unknown":
      return <UnknownRow row={row} />;
  }
});
