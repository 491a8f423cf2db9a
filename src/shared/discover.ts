// codespar_discover's ranking, pure and deterministic: which of the project's tools fit a use case,
// best first, each with its pitfalls and a plan. pg_trgm similarity plus word overlap; no I/O.
import {
  DISCOVER_TOOL,
  DiscoverInput,
  type DiscoverConnectionStatus,
  type DiscoverMatch,
  type DiscoverPlanStep,
  type DiscoverResult,
} from "./schemas/meta-tools";

/** One tool of one of the project's servers, as the session object sees it. */
export interface DiscoverCandidate {
  server_id: string;
  server_name: string;
  category: string;
  country: string;
  /** The tool's bare name on its server; a leading "<server_id>/" is dropped. */
  tool_name: string;
  description: string;
  input_schema: Record<string, unknown>;
  connection_status: DiscoverConnectionStatus;
  http_method?: string | null;
  endpoint_template?: string | null;
}

// ---- pg_trgm ----

/** pg_trgm's words: runs of letters and digits (so `_`, `/`, `-` separate), lowercased. */
export const trigramWords = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);

/** pg_trgm's trigram set: each word padded with two spaces in front and one behind, every 3-character window. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of trigramWords(text)) {
    const chars = Array.from(`  ${word} `);
    for (let start = 0; start + 3 <= chars.length; start++) set.add(chars.slice(start, start + 3).join(""));
  }
  return set;
}

/** pg_trgm's similarity(): shared trigrams over the distinct trigrams of both; 0 when either has none. */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const trigram of left) if (right.has(trigram)) shared++;
  return shared / (left.size + right.size - shared);
}

// ---- ranking ----

/** Share of the use case's words the tool's text has, and of the tool name's words the use case has. */
const WEIGHT_COVERAGE = 0.3;
const WEIGHT_NAME = 0.4;
/** Added to the score of a tool callable now (connected, or needing no connection). */
export const CALLABLE_BOOST = 0.05;
/** pg_trgm's default `%` threshold: a tool sharing no word with the use case must be at least this similar. */
export const MIN_TRIGRAM_SIMILARITY = 0.3;

/** Words that say nothing about a tool (English, Portuguese, Spanish); kept when a use case has nothing else. */
const STOPWORDS = new Set(
  (
    "a an the to of for and or in on at by with from into via as is are be it its this that these those i me my we our you your " +
    "how can could would should want need please some any using use do does o os um uma uns umas de da das dos do para pra por com sem em " +
    "no na nos nas ao aos e ou que como quero preciso meu minha el la los las un una del con sin y mi al quiero necesito"
  ).split(" "),
);

/** Case and accents do not matter ("cobrança" finds "cobranca"), as with pg_trgm over unaccent(). */
const fold = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
const contentWords = (text: string) => trigramWords(fold(text)).filter((word) => !STOPWORDS.has(word));
const unique = (list: string[]) => [...new Set(list)];

/** Equal, or the same stem: one a prefix of the other (4+ letters), or sharing most of the shorter (notify, notification). */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short)) return true;
  let common = 0;
  while (common < short.length && short[common] === long[common]) common++;
  return common >= 5 && common >= 0.8 * short.length;
}

interface Scored {
  candidate: DiscoverCandidate;
  tool: string;
  similarity: number;
  /** The ranking key, in billionths so equal scores compare equal and ties fall to the names. */
  rank: number;
}

function score(candidate: DiscoverCandidate, tool: string, query: string[]): Scored | null {
  const nameWords = unique(contentWords(tool).length > 0 ? contentWords(tool) : trigramWords(fold(tool)));
  const own = [tool, candidate.description, candidate.server_name, candidate.server_id, candidate.category, candidate.country].join(" ");
  const toolWords = unique(contentWords(own));
  const similarity = trigramSimilarity(query.join(" "), toolWords.join(" "));
  const found = query.filter((word) => toolWords.some((other) => sameStem(word, other))).length;
  if (found === 0 && similarity < MIN_TRIGRAM_SIMILARITY) return null;
  const named = nameWords.filter((word) => query.some((other) => sameStem(word, other))).length;
  const relevance = similarity + WEIGHT_COVERAGE * (found / query.length) + WEIGHT_NAME * (nameWords.length === 0 ? 0 : named / nameWords.length);
  // Connected beats disconnected at similar scores: a callable tool gets CALLABLE_BOOST added, so a
  // disconnected one ranks above it only when its relevance is more than 0.05 higher.
  const boosted = relevance + (candidate.connection_status === "disconnected" ? 0 : CALLABLE_BOOST);
  return { candidate, tool, similarity, rank: Math.round(boosted * 1e9) };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byRank = (a: Scored, b: Scored) => b.rank - a.rank || byName(a.candidate.server_id, b.candidate.server_id) || byName(a.tool, b.tool);

const bareTool = (candidate: DiscoverCandidate) =>
  candidate.tool_name.startsWith(`${candidate.server_id}/`) ? candidate.tool_name.slice(candidate.server_id.length + 1) : candidate.tool_name;

const sameFilter = (a: string, b: string) => fold(a).trim() === fold(b).trim();
const passes = (candidate: DiscoverCandidate, input: DiscoverInput) =>
  (input.category === undefined || sameFilter(candidate.category, input.category)) &&
  (input.country === undefined || sameFilter(candidate.country, "global") || sameFilter(candidate.country, input.country));

// ---- the answer ----

function requiredFields(schema: Record<string, unknown>): string[] {
  const required: unknown = schema["required"];
  return Array.isArray(required) ? required.filter((field): field is string => typeof field === "string") : [];
}

const initiate = (serverId: string) => `codespar_manage_connections with {"action": "initiate", "server_id": "${serverId}"}`;
const inputsOf = (fields: string[]) => (fields.length > 0 ? fields.join(", ") : "its input (no field is required)");

function toMatch({ candidate, tool, similarity }: Scored): DiscoverMatch {
  const call = `${candidate.server_id}/${tool}`;
  const fields = requiredFields(candidate.input_schema);
  const disconnected = candidate.connection_status === "disconnected";
  const pitfalls: string[] = [];
  const plan: DiscoverPlanStep[] = [];
  if (disconnected) {
    pitfalls.push(`${candidate.server_name} is not connected: connect ${candidate.server_id} first (${initiate(candidate.server_id)}); calls fail until then`);
    plan.push({
      step: `connect ${candidate.server_id}`,
      description: `Run ${initiate(candidate.server_id)} and have the user finish the connect link`,
      prereq: true,
    });
  }
  if (!sameFilter(candidate.country, "global"))
    pitfalls.push(`${candidate.server_name} is a ${candidate.country} provider: check it serves this customer's country`);
  plan.push({ step: `call ${call}`, description: `Call ${call} through execute with ${inputsOf(fields)}`, action: true });
  return {
    server_id: candidate.server_id,
    tool_name: tool,
    description: candidate.description,
    http_method: candidate.http_method ?? null,
    endpoint_template: candidate.endpoint_template ?? null,
    cosine_distance: null,
    trigram_similarity: Math.round(similarity * 1000) / 1000,
    connection_status: candidate.connection_status,
    known_pitfalls: pitfalls,
    recommended_plan: plan,
  };
}

function nextSteps(input: DiscoverInput, best: DiscoverMatch | undefined, related: DiscoverMatch[]): string[] {
  if (!best) {
    const filters = [input.category && `category "${input.category}"`, input.country && `country "${input.country}"`].filter(Boolean).join(" and ");
    return [
      `No tool of this project's servers matches "${input.use_case}"${filters ? ` in ${filters}` : ""}`,
      ...(filters ? [`Drop the ${filters} filter to search every server`] : []),
      'Rephrase the use case as an action and its object, e.g. "create a Pix charge" or "track a shipment"',
      "List what this session can call with codespar_list_tools, or register a server that does this (POST /v1/servers)",
    ];
  }
  const call = `${best.server_id}/${best.tool_name}`;
  const steps = best.connection_status === "disconnected" ? [`Connect ${best.server_id} first: call ${initiate(best.server_id)}`] : [];
  const step = best.recommended_plan.find((planned) => planned.action);
  steps.push(step?.description ?? `Call ${call} through execute`);
  if (related.length > 0) steps.push(`If ${call} does not fit, try ${related.map((match) => `${match.server_id}/${match.tool_name}`).join(", ")}`);
  return steps;
}

/** The project's tools ranked for `input.use_case`: the best as `recommended`, up to `limit - 1` more as `related`. */
export function discover(input: DiscoverInput, candidates: readonly DiscoverCandidate[]): DiscoverResult {
  const folded = trigramWords(fold(input.use_case));
  const query = unique(folded.some((word) => !STOPWORDS.has(word)) ? folded.filter((word) => !STOPWORDS.has(word)) : folded);
  const seen = new Set<string>();
  const scored: Scored[] = [];
  for (const candidate of query.length > 0 ? candidates : []) {
    const tool = bareTool(candidate);
    const key = `${candidate.server_id}/${tool}`;
    if (seen.has(key) || !passes(candidate, input)) continue;
    seen.add(key);
    const result = score(candidate, tool, query);
    if (result) scored.push(result);
  }
  const [best, ...related] = scored.sort(byRank).slice(0, input.limit).map(toMatch);
  return {
    use_case: input.use_case,
    search_strategy: best ? "trigram" : "empty",
    recommended: best ?? null,
    related,
    next_steps: nextSteps(input, best, related),
  };
}

/** Parses a tool call's input, with one clear message for the first problem (the tool result's error). */
export function parseDiscoverInput(raw: unknown): { ok: true; value: DiscoverInput } | { ok: false; message: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, message: `Tool input for ${DISCOVER_TOOL} must be a JSON object` };
  const parsed = DiscoverInput.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") ?? "";
  // The schema's own messages name their field; zod's generic ones get the path in front.
  const where = path && !issue?.message.startsWith(path) ? `${path}: ` : "";
  return { ok: false, message: `Invalid input for ${DISCOVER_TOOL}: ${where}${issue?.message ?? "invalid input"}` };
}
