// Builds a turn's context from the session's runtime configuration: which provider answers, with
// which model, system prompt and iteration cap, and the session's tools through its execute path.
import { openProviderKey } from "../../../src/db/provider-keys";
import type { Env } from "../../../src/env";
import { providerDestination } from "../../../src/lib/provider-destinations";
import { guardedFetch, loopbackAllowed } from "../../../src/lib/upstream-guard";
import type { NewSessionEvent } from "../../../src/schemas/events";
import type { RuntimeConfig } from "../../../src/schemas/runtime";
import type { EventLog } from "../event-log";
import type { SessionInit, SessionState } from "../session-meta";
import type { ToolExecutor } from "../tool-executor";
import type { PromptUser } from "../prompt-queue";
import type { SessionTools } from "../tools";
import { HISTORY_EVENTS, historyFromEvents } from "./history";
import { LocalProvider } from "./local-provider";
import { DEFAULT_MAX_ITERATIONS, type TurnContext } from "./turn-runner";
import { createProvider, defaultModel, providerSecretName } from "./providers";
import { ResolvingProvider } from "./resolving-provider";
import { ProviderError, type ModelProvider } from "./types";

/**
 * The session's model provider. Keys come only from the Worker's secrets or the project's own
 * stored key, and every call leaves through the destinations guard (no redirects followed).
 */
export function providerFor(runtime: RuntimeConfig, projectId: string, env: Env): ModelProvider {
  if (runtime.type !== "managed" || runtime.provider === undefined || runtime.provider === "local") return new LocalProvider();
  const type = runtime.provider;
  const model = runtime.model ?? defaultModel(type);
  return new ResolvingProvider(type, model, async () => {
    const own = await openProviderKey(env, projectId, type);
    if (own.kind === "unreadable") {
      throw new ProviderError("provider_key_unreadable", `The project's ${type} key cannot be opened (SERVER_CREDENTIALS_KEY changed); store it again`, false);
    }
    const destination = providerDestination(env, type, runtime.base_url, own.kind === "key");
    if (!destination.ok) throw new ProviderError(destination.code, destination.message, false);
    const secret = providerSecretName(type);
    return createProvider({
      type,
      model,
      baseUrl: runtime.base_url,
      apiKey: own.kind === "key" ? own.apiKey : secret && env[secret],
      timeoutMs: Number(env.PROVIDER_TIMEOUT_MS) || undefined,
      fetch: guardedFetch(loopbackAllowed(env)),
    });
  });
}

export function sessionInitEvent(init: SessionInit, env: Env): NewSessionEvent {
  const runtime = init.runtime;
  const model = runtime.type === "managed" ? providerFor(runtime, init.projectId, env).model : undefined;
  return { type: "session_init", sessionId: init.id, agent: runtime.type === "managed" ? `codespar-gateway/${runtime.provider ?? "local"}` : "external", model, runtime: runtime.type };
}

export function runtimeContext(
  state: SessionState,
  env: Env,
  deps: { executor: ToolExecutor; log: EventLog; tools: SessionTools; user?: PromptUser; signal: AbortSignal },
): TurnContext {
  const tools = deps.tools;
  const runtime = state.runtime;
  return {
    provider: providerFor(runtime, state.row.project_id, env),
    system: runtime.type === "managed" ? runtime.system : undefined,
    maxIterations: (runtime.type === "managed" ? runtime.max_iterations : undefined) ?? DEFAULT_MAX_ITERATIONS,
    history: historyFromEvents(deps.log.recent(["user_message", "assistant_message", "tool_call", "tool_result"], HISTORY_EVENTS)),
    tools: () => tools.list(),
    execute: (name, input) => deps.executor.execute(tools, name, input),
    append: (events) => {
      deps.log.append(events);
    },
    user: deps.user,
    signal: deps.signal,
  };
}
