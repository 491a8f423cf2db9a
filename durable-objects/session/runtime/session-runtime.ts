// Builds a turn's context from the session's runtime configuration: which provider answers, with
// which model, system prompt and iteration cap, and the session's tools through its execute path.
import type { Env } from "../../../src/env";
import type { NewSessionEvent } from "../../../src/schemas/events";
import type { EventLog } from "../event-log";
import type { SessionInit, SessionState } from "../session-meta";
import type { ToolExecutor } from "../tool-executor";
import type { PromptUser } from "../prompt-queue";
import { SessionTools } from "../tools";
import { LocalProvider } from "./local-provider";
import { DEFAULT_MAX_ITERATIONS, type TurnContext } from "./turn-runner";
import type { ModelProvider } from "./types";

export function providerFor(state: Pick<SessionState, "runtime">, _env: Env): ModelProvider {
  return new LocalProvider();
}

export function sessionInitEvent(init: SessionInit): NewSessionEvent {
  const runtime = init.runtime;
  const model = runtime.type === "managed" ? (runtime.model ?? (runtime.provider === "local" || !runtime.provider ? new LocalProvider().model : undefined)) : undefined;
  return { type: "session_init", sessionId: init.id, agent: runtime.type === "managed" ? `codespar-gateway/${runtime.provider ?? "local"}` : "external", model, runtime: runtime.type };
}

export function runtimeContext(
  state: SessionState,
  env: Env,
  deps: { executor: ToolExecutor; log: EventLog; user?: PromptUser; signal: AbortSignal },
): TurnContext {
  const tools = new SessionTools(state.row.servers);
  const runtime = state.runtime;
  return {
    provider: providerFor(state, env),
    system: runtime.type === "managed" ? runtime.system : undefined,
    maxIterations: (runtime.type === "managed" ? runtime.max_iterations : undefined) ?? DEFAULT_MAX_ITERATIONS,
    tools: () => tools.list(),
    execute: (name, input) => deps.executor.execute(tools, name, input),
    append: (events) => {
      deps.log.append(events);
    },
    user: deps.user,
    signal: deps.signal,
  };
}
