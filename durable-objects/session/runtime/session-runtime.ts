// Builds a turn's context from the session's runtime configuration: which provider answers, with
// which model, system prompt and iteration cap, and the session's tools through its execute path.
import type { Env } from "../../../src/env";
import type { NewSessionEvent } from "../../../src/schemas/events";
import type { EventLog } from "../event-log";
import type { SessionInit, SessionState } from "../session-meta";
import type { ToolExecutor } from "../tool-executor";
import type { PromptUser } from "../prompt-queue";
import type { SessionTools } from "../tools";
import { HISTORY_EVENTS, historyFromEvents } from "./history";
import { LocalProvider } from "./local-provider";
import { DEFAULT_MAX_ITERATIONS, type TurnContext } from "./turn-runner";
import { createProvider, providerSecretName } from "./providers";
import type { ModelProvider } from "./types";

/** The session's model provider; API keys come only from the Worker's secrets. */
export function providerFor(state: Pick<SessionState, "runtime">, env: Env): ModelProvider {
  const runtime = state.runtime;
  const type = runtime.type === "managed" ? (runtime.provider ?? "local") : "local";
  if (type === "local" || runtime.type !== "managed") return new LocalProvider();
  const secret = providerSecretName(type);
  return createProvider({
    type,
    model: runtime.model,
    baseUrl: runtime.base_url,
    apiKey: secret ? env[secret] : undefined,
    timeoutMs: Number(env.PROVIDER_TIMEOUT_MS) || undefined,
  });
}

export function sessionInitEvent(init: SessionInit, env: Env): NewSessionEvent {
  const runtime = init.runtime;
  const model = runtime.type === "managed" ? providerFor(init, env).model : undefined;
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
    provider: providerFor(state, env),
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
