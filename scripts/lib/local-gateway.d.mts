// Types for local-gateway.mjs, so the TypeScript tests can use it.
import type { ChildProcess } from "node:child_process";

export const ROOT: string;
export function applyLocalMigrations(persistTo: string): Promise<unknown>;
export function executeLocalSql(persistTo: string, sql: string): Promise<unknown>;
export function seedTenant(
  persistTo: string,
  tenant: { orgId: string; orgName: string; projectId: string; projectName: string; environment: "live" | "test"; apiKey: string },
): Promise<void>;
export function freePort(): Promise<number>;
export function buildViewer(): Promise<unknown>;
export function startWranglerDev(options: {
  port: number;
  persistTo: string;
  vars?: Record<string, string>;
  stdio?: "pipe" | "inherit";
  readyTimeoutMs?: number;
}): Promise<{ url: string; child: ChildProcess; output: () => string }>;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
