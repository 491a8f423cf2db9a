// Who answers a session's prompts: the gateway itself against a model provider (managed), or an
// attached agent process (external). Set per project as a default and per session at creation.
import { z } from "zod";

export const ProviderName = z.enum(["local", "anthropic", "openai"]);

export const ManagedRuntime = z.object({
  type: z.literal("managed"),
  provider: ProviderName.optional(),
  model: z.string().min(1).max(200).optional(),
  system: z.string().max(50_000).optional(),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  max_iterations: z.number().int().min(1).max(50).optional(),
});

export const RuntimeConfig = z.discriminatedUnion("type", [ManagedRuntime, z.object({ type: z.literal("external") })]).meta({ id: "RuntimeConfig" });
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

export const DEFAULT_RUNTIME: RuntimeConfig = { type: "managed", provider: "local" };

/** The session's runtime: its own choice layered over the project's default of the same type. */
export function resolveRuntime(requested: RuntimeConfig | undefined, projectDefault: RuntimeConfig | null): RuntimeConfig {
  const base = projectDefault ?? DEFAULT_RUNTIME;
  if (!requested) return base;
  if (requested.type === "managed" && base.type === "managed") return { ...base, ...requested };
  return requested;
}
