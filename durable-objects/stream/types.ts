// Arguments of the stream object's RPC methods, as the Worker builds them from a validated request.
import type { LogInfo, LogPage } from "../../src/shared/protocol/durable-streams";
import type { Result } from "../../src/shared/result";
import type { ProducerHeaders } from "../lib/producers";

/** A request body: for JSON requests already flattened into a comma-joined fragment. */
export interface StreamBody {
  json: boolean;
  data: Uint8Array;
  /** How many messages a flattened JSON fragment holds (the Worker knows it); counted by scanning when absent. */
  messages?: number;
}

/** A stream's read state plus Stream-Total-Size: messages in JSON mode, bytes for other content types. */
export interface StreamInfo extends LogInfo {
  totalSize: number;
}

export type StreamInfoReply = Result<StreamInfo>;
export type StreamRead = Result<{ info: StreamInfo; page: LogPage }>;

/**
 * How far one read goes: "page" for live readers (SSE, long-poll) and forks, "whole" for a plain
 * catch-up GET, which clients such as `capi` use to read a whole stream (record-store.ts bounds).
 */
export type ReadSize = "page" | "whole";

export interface ForkRequest {
  /** The source stream's path under /v1/stream/. */
  source: string;
  offset: string | null;
  subOffset: number;
}

export interface CreateArgs {
  projectId: string;
  path: string;
  /** Null when the request named none: octet-stream, or the source's type for a fork. */
  contentType: string | null;
  ttlSeconds: number | null;
  expiresAt: string | null;
  closed: boolean;
  body: StreamBody | null;
  fork: ForkRequest | null;
}

export interface AppendArgs {
  contentType: string | null;
  body: StreamBody | null;
  close: boolean;
  streamSeq: string | null;
  producer: ProducerHeaders | null;
}

/** What a fork takes from its source: config, lineage and the records it inherits. */
export type ForkSnapshot = Result<{
  contentType: string;
  ttlSeconds: number | null;
  expiresAt: string | null;
  incarnation: string;
  /** Inherited records are (0, forkSeq]; a sub-offset prefix becomes record forkSeq + 1. */
  forkSeq: number;
  prefix: Uint8Array | null;
}>;

export interface SnapshotArgs {
  offset: string | null;
  subOffset: number;
  /** The content type the fork asked for, or null to inherit. */
  contentType: string | null;
}
