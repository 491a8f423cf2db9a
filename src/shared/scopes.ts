// API key scopes: the grammar, what each scope grants, and whether one set of scopes covers another
// (a key may only mint keys it covers). Pure: used by the auth middleware, the key routes and tests.
//
//   *                              everything within the key's environment (keys made before scopes)
//   <resource>:read | :write       resource in RESOURCES; write includes read
//   streams:read|append|write[:p]  Durable Streams under /v1/stream; append = create and append,
//                                  write = append + delete + read; `:p` limits it to paths starting with p
import { z } from "zod";

export const RESOURCES = ["sessions", "servers", "shares", "webhooks", "projects", "keys"] as const;
export type Resource = (typeof RESOURCES)[number] | "streams";
export type Level = "read" | "append" | "write";

/** What a request needs: a resource at a level, and for streams the stream's path. */
export interface Need {
  resource: Resource;
  level: Level;
  /** The stream path (below /v1/stream/); for a scope being granted, its prefix (undefined: every path). */
  path?: string;
}

export const FULL_ACCESS = "*";
const MAX_PREFIX_CHARS = 256;
const PREFIX = /^[A-Za-z0-9._~%/-]+$/;

interface Scope {
  resource: Resource;
  level: Level;
  prefix?: string;
}

function parse(scope: string): Scope | "all" | null {
  if (scope === FULL_ACCESS) return "all";
  const [resource = "", level = "", ...rest] = scope.split(":");
  const prefix = rest.length > 0 ? rest.join(":") : undefined;
  if (resource === "streams") {
    if (level !== "read" && level !== "append" && level !== "write") return null;
    if (prefix !== undefined && (prefix.length > MAX_PREFIX_CHARS || !PREFIX.test(prefix))) return null;
    return { resource, level, prefix };
  }
  const known = RESOURCES.find((r) => r === resource);
  if (!known || (level !== "read" && level !== "write") || prefix !== undefined) return null;
  return { resource: known, level };
}

export const isScope = (scope: string) => parse(scope) !== null;

export const ScopeString = z
  .string()
  .max(300)
  .refine(isScope, "a scope: *, <resource>:read|write (sessions, servers, shares, webhooks, projects, keys), or streams:read|append|write[:<path prefix>]")
  .meta({ example: "streams:append:asp/" });

/** write includes every other level; read and append are separate. */
const levelIncludes = (have: Level, need: Level) => have === need || have === "write";

function grants(have: Scope | "all", need: Need): boolean {
  if (have === "all") return true;
  if (have.resource !== need.resource || !levelIncludes(have.level, need.level)) return false;
  if (have.prefix === undefined) return true;
  return need.path !== undefined && need.path.startsWith(have.prefix);
}

/** Whether any of `scopes` grants `need`. Unparseable stored scopes grant nothing. */
export function allows(scopes: readonly string[], need: Need): boolean {
  return scopes.some((scope) => {
    const parsed = parse(scope);
    return parsed !== null && grants(parsed, need);
  });
}

/** Whether `scopes` cover `scope` entirely, so a key holding them may grant it to a new key. */
export function covers(scopes: readonly string[], scope: string): boolean {
  const wanted = parse(scope);
  if (wanted === null) return false;
  if (wanted === "all") return scopes.includes(FULL_ACCESS);
  return allows(scopes, { resource: wanted.resource, level: wanted.level, path: wanted.prefix });
}

/** The scope string a need is written as, for error messages and the OpenAPI document. */
export const scopeName = (need: Pick<Need, "resource" | "level">) => `${need.resource}:${need.level}`;
