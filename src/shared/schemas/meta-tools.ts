// Meta tools: codespar_discover's input and result (the wire shape @codespar/sdk's DiscoverResult
// decodes), and the commerce meta tools a project routes to one of its servers' tools.
import { z } from "zod";
import { IsoTimestamp, nullsAsAbsent } from "./common";

// ---- codespar_discover ----

export const DISCOVER_TOOL = "codespar_discover";
export const DISCOVER_DEFAULT_LIMIT = 5;
export const DISCOVER_MAX_LIMIT = 20;
const MAX_USE_CASE_CHARS = 500;
const MAX_FILTER_CHARS = 64;

const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) });
const Filter = (what: string) =>
  text(what).trim().min(1, `${what} must not be empty`).max(MAX_FILTER_CHARS, `${what} is at most ${MAX_FILTER_CHARS} characters`);

/**
 * `limit` is clamped to 1..20 rather than refused: the SDK documents "Clamped 1..20 server-side"
 * and the CLI sends any positive number it is given (`codespar discover --limit 50`).
 */
const Limit = z
  .number({ error: `limit must be an integer from 1 to ${DISCOVER_MAX_LIMIT}` })
  .int(`limit must be an integer from 1 to ${DISCOVER_MAX_LIMIT}`)
  .transform((limit) => Math.min(Math.max(limit, 1), DISCOVER_MAX_LIMIT))
  // What a caller should send; out-of-range integers are clamped, not refused.
  .meta({ minimum: 1, maximum: DISCOVER_MAX_LIMIT });

const DiscoverInputObject = z.object({
  use_case: text("use_case")
    .trim()
    .min(1, "use_case must say what the agent wants to do")
    .max(MAX_USE_CASE_CHARS, `use_case is at most ${MAX_USE_CASE_CHARS} characters`)
    .meta({ example: "charge a customer with Pix" }),
  category: Filter("category").optional().meta({ description: "Only servers of this category (case-insensitive)", example: "payments" }),
  country: Filter("country")
    .optional()
    .meta({ description: 'Only servers serving this country (case-insensitive); "global" servers serve every country', example: "BR" }),
  limit: Limit.optional()
    .default(DISCOVER_DEFAULT_LIMIT)
    .meta({ description: `How many matches in all (recommended + related), 1..${DISCOVER_MAX_LIMIT}; default ${DISCOVER_DEFAULT_LIMIT}` }),
});

/** codespar_discover's input; Python's `null` for an unset option counts as absent. */
export const DiscoverInput = nullsAsAbsent(DiscoverInputObject);
export type DiscoverInput = z.output<typeof DiscoverInput>;

/** The input schema codespar_discover shows in tool listings (what a caller sends, before defaults and clamping). */
export function discoverInputJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(DiscoverInputObject, { io: "input" });
  return schema;
}

export const DiscoverConnectionStatus = z.enum(["connected", "disconnected", "not_required"]);
export type DiscoverConnectionStatus = z.infer<typeof DiscoverConnectionStatus>;

/**
 * One step of a match's plan. `step` is text (the SDKs type it as a string; CodeSpar sends e.g.
 * "validate cpf"); `prereq` marks what must happen first, `action` the call itself.
 */
export const DiscoverPlanStep = z
  .object({ step: z.string(), description: z.string().optional(), prereq: z.boolean().optional(), action: z.boolean().optional() })
  .meta({ id: "DiscoverPlanStep" });
export type DiscoverPlanStep = z.infer<typeof DiscoverPlanStep>;

export const DiscoverMatch = z
  .object({
    server_id: z.string(),
    tool_name: z.string().meta({ description: "The tool's name on its server; call it as server_id/tool_name" }),
    description: z.string(),
    http_method: z.string().nullable().meta({ description: "The REST method behind the tool, when known" }),
    endpoint_template: z.string().nullable().meta({ description: "The REST path behind the tool, when known" }),
    cosine_distance: z.number().nullable().meta({ description: "Embedding distance; null, this gateway ranks by trigrams" }),
    trigram_similarity: z.number().min(0).max(1).nullable().meta({ description: "pg_trgm similarity of the use case and the tool's text, 3 decimals" }),
    connection_status: DiscoverConnectionStatus,
    known_pitfalls: z.array(z.string()),
    recommended_plan: z.array(DiscoverPlanStep),
  })
  .meta({ id: "DiscoverMatch" });
export type DiscoverMatch = z.infer<typeof DiscoverMatch>;

export const DiscoverResult = z
  .object({
    use_case: z.string(),
    search_strategy: z.enum(["embedding", "trigram", "empty"]),
    recommended: DiscoverMatch.nullable(),
    related: z.array(DiscoverMatch),
    next_steps: z.array(z.string()),
  })
  .meta({ id: "DiscoverResult" });
export type DiscoverResult = z.infer<typeof DiscoverResult>;

// ---- commerce meta tools (routed to a server's tool per project) ----

export const COMMERCE_META_TOOLS = [
  "codespar_pay",
  "codespar_charge",
  "codespar_invoice",
  "codespar_notify",
  "codespar_ship",
  "codespar_kyc",
  "codespar_ledger",
  "codespar_issue",
  "codespar_shop",
] as const;
export type CommerceMetaTool = (typeof COMMERCE_META_TOOLS)[number];
export const isCommerceMetaTool = (name: string): name is CommerceMetaTool => COMMERCE_META_TOOLS.some((known) => known === name);

export const CommerceMetaToolName = z
  .enum(COMMERCE_META_TOOLS, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a commerce meta tool; use one of ${COMMERCE_META_TOOLS.join(", ")}`,
  })
  .meta({ example: "codespar_pay" });

/** A tool name as MCP servers spell them: no whitespace or control characters. */
const BARE_TOOL = /^[^\s\p{Cc}]+$/u;

export const MetaToolPut = z
  .object({
    server: z.string().min(1).max(64).meta({ description: "A server registered in this project", example: "asaas" }),
    tool: z
      .string()
      .min(1)
      .max(200)
      .regex(BARE_TOOL, "a tool name without spaces")
      .meta({ description: "The tool's bare name on that server", example: "create_payment" }),
  })
  .refine((body) => !body.tool.startsWith(`${body.server}/`), {
    message: "the bare tool name on the server (create_payment), without the server's name in front",
    path: ["tool"],
  })
  .meta({ id: "MetaToolPut" });
export type MetaToolPut = z.infer<typeof MetaToolPut>;

export const MetaTool = z
  .object({ name: CommerceMetaToolName, server: z.string(), tool: z.string(), updated_at: IsoTimestamp })
  .meta({ id: "MetaTool", description: "A commerce meta tool routed to one of the project's servers' tools (server/tool)" });
export type MetaTool = z.infer<typeof MetaTool>;

export const MetaToolList = z.object({ meta_tools: z.array(MetaTool), data: z.array(MetaTool) }).meta({ id: "MetaToolList" });
