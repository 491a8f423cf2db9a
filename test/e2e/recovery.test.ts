// Work left in a session when the server crashes resumes after a restart with no request to that
// session: the interrupted managed turn is re-run and the prompts queued behind it follow, in order
// and once each, within RECOVERY_BOUND_MS; a webhook delivery pending at the crash is delivered.
// The server is `npm run serve` (workerd, state on disk), killed with SIGKILL mid-turn.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RECOVERY_BOUND_MS } from "../../durable-objects/session/alarm-planner";
import { freePort } from "../../scripts/lib/local-gateway.mjs";
import { startServeProcess } from "../../scripts/lib/serve-process.mjs";
import { startMockProvider, type MockProvider } from "../helpers/mock-providers/mock-server";
import { OPENAI_PATH, textStream } from "../helpers/mock-providers/openai-stream";
import { startReceiver, type Receiver } from "../helpers/receiver";
import { PromptAccepted } from "../../src/shared/schemas/queue";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { Webhook } from "../../src/shared/schemas/webhooks";

const API_KEY = "csk_test_recoveryRecoveryRecovery01";
const USAGE = { promptTokens: 12, completionTokens: 4 };
const PROMPTS = [
  { promptId: "first", text: "first prompt" },
  { promptId: "second", text: "second prompt" },
  { promptId: "third", text: "third prompt" },
];
/** Beyond the bound: the alarm firing and the three turns themselves, on a busy 2-core machine. */
const SLACK_MS = 15_000;
const POLL_MS = 50;

const stateDir = mkdtempSync(join(tmpdir(), "gateway-recovery-"));
let server: Awaited<ReturnType<typeof startServeProcess>> | null = null;
let model: MockProvider | null = null;
let receiver: Receiver | null = null;

const LoggedEvent = z.looseObject({ type: z.string(), promptId: z.string().optional(), success: z.boolean().optional(), reason: z.string().optional() });
type LoggedEvent = z.output<typeof LoggedEvent>;
/** What a model call asks: its messages, each with a role and (for a user) its text. */
const ChatRequest = z.object({ messages: z.array(z.looseObject({ role: z.string().optional(), content: z.unknown() })) });

async function start(): Promise<string> {
  server = await startServeProcess({
    port: await freePort(),
    stateDir,
    // Loopback upstreams: the mock model and the webhook receiver listen on 127.0.0.1.
    env: { DEV_API_KEY: API_KEY, ALLOW_LOOPBACK_UPSTREAMS: "true", OPENAI_API_KEY: "sk-e2e-not-a-real-key" },
  });
  return server.url;
}

/** The serve process and everything it started (workerd), so the crash takes the runtime down too. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** A crash, not a graceful stop: SIGKILL to the server and its workerd, then wait for the exit. */
async function crash(): Promise<void> {
  const running = server;
  if (!running?.child.pid) throw new Error("no server to crash");
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  const tree = processTree(running.child.pid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await exited;
  const alive = () => tree.filter((pid) => readdirSync("/proc").includes(String(pid)));
  for (let i = 0; i < 100 && alive().length > 0; i += 1) await sleep(POLL_MS);
  server = null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  while (!(await check())) {
    if (Date.now() - startedAt > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
  return Date.now();
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T extends z.ZodType>(schema: T, res: Promise<Response>, status: number): Promise<z.output<T>> {
  const answer = await res;
  const text = await answer.text();
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${text}`);
  return schema.parse(JSON.parse(text));
}

/** The last user message each model call was asked to answer. */
function askedFor(provider: MockProvider): string[] {
  return provider.requests.map((request) => {
    const body = ChatRequest.safeParse(request.body);
    if (!body.success) return "";
    const users = body.data.messages.filter((message) => message.role === "user");
    const last = users.at(-1);
    return typeof last?.content === "string" ? last.content : "";
  });
}

afterAll(async () => {
  await server?.stop();
  await Promise.all([model?.close(), receiver?.close()]);
  rmSync(stateDir, { recursive: true, force: true });
});

describe("recovery after a crash, with no request to the session", () => {
  it("re-runs the interrupted turn, then the queued prompts, and delivers the pending webhook", async () => {
    model = await startMockProvider({
      path: OPENAI_PATH,
      replies: [
        // The first call starts streaming, then hangs: the turn is in flight when the server dies.
        { kind: "stream", frames: textStream(["never finished"], USAGE), stallAfterFrames: 1 },
        ...PROMPTS.map((prompt) => ({ kind: "stream" as const, frames: textStream([`Answer to ${prompt.text}.`], USAGE) })),
      ],
    });
    receiver = await startReceiver();
    let url = await start();

    const hook = await json(
      Webhook,
      call(url, "POST", "/v1/webhooks", { url: `${receiver.url}/hook`, secret: "whsec_recovery_0123456789", events: ["session_end"] }),
      201,
    );
    expect(hook.id).toBeTruthy();
    const session = await json(
      SessionRow,
      call(url, "POST", "/v1/sessions", { servers: [], runtime: { type: "managed", provider: "openai", model: "gpt-4.1-mini", base_url: model.origin } }),
      201,
    );
    const [first, ...rest] = PROMPTS;
    await json(PromptAccepted, call(url, "POST", `/v1/sessions/${session.id}/prompts`, first), 202);
    await waitUntil("the first model call", () => model?.requests.length === 1, 30_000);
    for (const prompt of rest) await json(PromptAccepted, call(url, "POST", `/v1/sessions/${session.id}/prompts`, prompt), 202);

    // Another session's session_end fails its first delivery (503): the retry is due 5 s later.
    receiver.script.push(503);
    const other = await json(SessionRow, call(url, "POST", "/v1/sessions", { servers: [] }), 201);
    expect((await call(url, "POST", `/v1/sessions/${other.id}/close`)).status).toBe(204);
    await waitUntil("the first webhook attempt", () => receiver?.received.length === 1, 30_000);
    await sleep(1_000); // the attempt is recorded and its retry scheduled

    const crashedAt = Date.now();
    await crash();
    expect(model.requests).toHaveLength(1);
    url = await start();
    const readyAt = Date.now();

    // No request reaches either session from here until the work is seen done.
    // The bound runs from the crash (the watchdog was armed before it), or from the restart if that took longer.
    const resumeBy = Math.max(crashedAt + RECOVERY_BOUND_MS, readyAt) + SLACK_MS;
    const [recoveredAt, deliveredAt] = await Promise.all([
      waitUntil("the interrupted prompt and the queued ones at the model", () => model?.requests.length === 4, resumeBy - Date.now()),
      waitUntil("the pending webhook", () => (receiver?.received.length ?? 0) >= 2, resumeBy - Date.now()),
    ]);
    console.log(
      `recovery: restart took ${readyAt - crashedAt} ms; turns resumed and all at the model ${recoveredAt - readyAt} ms after ready (${recoveredAt - crashedAt} ms after the crash); webhook retry delivered ${deliveredAt - readyAt} ms after ready`,
    );
    expect(recoveredAt).toBeLessThanOrEqual(resumeBy);
    expect(askedFor(model)).toEqual([first?.text, ...PROMPTS.map((prompt) => prompt.text)]);
    const delivered: unknown = JSON.parse(receiver.received[1]?.body ?? "{}");
    expect(delivered).toMatchObject({ sessionId: other.id, event: { type: "session_end" } });

    // Now read the log: the last turn may still be writing its turn_complete.
    const turnMarks = async () => {
      const log = await json(z.array(LoggedEvent), call(url, "GET", `/v1/sessions/${session.id}/events?offset=-1`), 200);
      return log.filter((event) => ["user_message", "turn_aborted", "turn_complete"].includes(event.type));
    };
    let marks: LoggedEvent[] = [];
    await waitUntil("the third turn_complete", async () => (marks = await turnMarks()).filter((event) => event.type === "turn_complete").length >= 3, 30_000);
    expect(marks.map((event) => `${event.type}:${event.promptId}`)).toEqual([
      "user_message:first",
      "turn_aborted:first",
      "user_message:first",
      "turn_complete:first",
      "user_message:second",
      "turn_complete:second",
      "user_message:third",
      "turn_complete:third",
    ]);
    expect(marks.find((event) => event.type === "turn_aborted")?.reason).toMatch(/restart/);
    expect(marks.filter((event) => event.type === "turn_complete").every((event) => event.success === true)).toBe(true);
  }, 420_000);
});
