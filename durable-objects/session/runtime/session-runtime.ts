// Builds a turn's context from the session's runtime configuration: which provider answers, with
// which model, system prompt and iteration cap, and the session's tools through its execute path.
import type { ObjectEnv } from "../../env";
import { providerDestination } from "../../../src/shared/destinations/providers";
import { guardedFetch, loopbackAllowed } from "../../../src/shared/destinations/guard";
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import type { RuntimeConfig } from "../../../src/shared/schemas/runtime";
import type { EventLog } from "../event-log";
import type { ProviderKeyStore } from "../ports";
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

/** Where provider keys come from: the operator's secrets in the environment, or the project's own. */
export interface ProviderKeys {
  env: ObjectEnv;
  projectKeys: ProviderKeyStore;
}

/** The model a managed runtime uses (for session_init), without building its provider. */
function modelOf(runtime: RuntimeConfig): string | undefined {
  if (runtime.type !== "managed") return undefined;
  return runtime.provider === undefined || runtime.provider === "local" ? new LocalProvider().model : (runtime.model ?? defaultModel(runtime.provider));
}

/**
 * The session's model provider. Keys come only from the Worker's secrets or the project's own
 * stored key, and every call leaves through the destinations guard (no redirects followed).
 */
export function providerFor(runtime: RuntimeConfig, projectId: string, keys: ProviderKeys): ModelProvider {
  if (runtime.type !== "managed" || runtime.provider === undefined || runtime.provider === "local") return new LocalProvider();
  const type = runtime.provider;
  const model = runtime.model ?? defaultModel(type);
  const { env } = keys;
  return new ResolvingProvider(type, model, async () => {
    const own = await keys.projectKeys.open(projectId, type);
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

/**
 * The `cwd` of a gateway session's session_init: ASP requires one, and the session works in no
 * directory of its own (tools are remote), so it names the root; `capi import` takes its own cwd.
 */
export const SESSION_CWD = "/";

export function sessionInitEvent(init: SessionInit): NewSessionEvent {
  const runtime = init.runtime;
  const model = modelOf(runtime);
  return {
    type: "session_init",
    sessionId: init.id,
    cwd: SESSION_CWD,
    agent: runtime.type === "managed" ? `codespar-gateway/${runtime.provider ?? "local"}` : "external",
    model,
    runtime: runtime.type,
  };
}

export function runtimeContext(
  state: SessionState,
  keys: ProviderKeys,
  deps: { executor: ToolExecutor; log: EventLog; tools: SessionTools; user?: PromptUser; signal: AbortSignal },
): TurnContext {
  const tools = deps.tools;
  const runtime = state.runtime;
  return {
    provider: providerFor(runtime, state.row.project_id, keys),
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
