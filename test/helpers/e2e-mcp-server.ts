// A real MCP server for end-to-end tests, built with the official MCP TypeScript SDK (McpServer +
// StreamableHTTPServerTransport, stateful: it issues Mcp-Session-Id) on node:http at 127.0.0.1.
// It also serves a small REST API beside /mcp for proxy_execute, and can demand a bearer token.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface LocalMcpServer {
  /** Origin, e.g. http://127.0.0.1:41234; MCP lives at `${origin}/mcp`, REST under `${origin}/api`. */
  origin: string;
  port: number;
  /** Requests seen, for assertions on forwarded headers. */
  requests: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}

/** `payments`: also a create_payment tool whose input takes idempotency_key and external_reference, echoed back. */
function buildServer(payments = false): McpServer {
  const server = new McpServer({ name: "e2e-tools", version: "1.0.0" });
  if (payments) {
    server.registerTool(
      "create_payment",
      {
        description: "Create a payment (echoes the idempotency key and reference it received)",
        inputSchema: { amount: z.number(), idempotency_key: z.string().optional(), external_reference: z.string().optional() },
      },
      async (args) => ({
        content: [{ type: "text", text: "created" }],
        structuredContent: { object: "payment", id: "pay_e2e_1", status: "PENDING", ...args },
      }),
    );
  }
  server.registerTool("echo", { description: "Echo a message back", inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: "text", text: `echo: ${message}` }],
  }));
  server.registerTool(
    "add",
    { description: "Add two numbers", inputSchema: { a: z.number(), b: z.number() }, outputSchema: { sum: z.number() } },
    async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }], structuredContent: { sum: a + b } }),
  );
  server.registerTool("fail", { description: "Always fails", inputSchema: {} }, async () => ({
    content: [{ type: "text", text: "this tool always fails" }],
    isError: true,
  }));
  return server;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  request.setEncoding("utf8");
  for await (const chunk of request) body += String(chunk);
  return body;
}

/** The REST side: echoes what it received, redirects on demand (same host or another). */
function rest(request: IncomingMessage, response: ServerResponse, body: string, origin: string): void {
  const url = new URL(request.url ?? "/", origin);
  if (url.pathname === "/api/redirect-away") {
    response.writeHead(302, { location: "http://localhost:9/elsewhere" }).end();
    return;
  }
  if (url.pathname === "/api/redirect-home") {
    response.writeHead(302, { location: "/api/echo?redirected=1" }).end();
    return;
  }
  const received: unknown = body ? JSON.parse(body) : null;
  response.writeHead(200, { "content-type": "application/json", "x-upstream": "e2e" });
  response.end(
    JSON.stringify({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization ?? null,
      custom: request.headers["x-custom"] ?? null,
      body: received,
    }),
  );
}

/** `token`: the one bearer token /mcp accepts; `accepts`: decides per request instead (e.g. tokens an OAuth server issued). */
export async function startMcpServer(
  options: { token?: string; accepts?: (authorization: string | undefined) => boolean; payments?: boolean } = {},
): Promise<LocalMcpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const requests: LocalMcpServer["requests"] = [];
  let origin = "";

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", origin).pathname;
    const body = request.method === "POST" ? await readBody(request) : "";
    requests.push({ method: request.method ?? "GET", path, headers: request.headers, body });
    if (path.startsWith("/api/")) return rest(request, response, body, origin);
    if (path !== "/mcp") return void response.writeHead(404).end();
    const authorized = options.accepts
      ? options.accepts(request.headers.authorization)
      : !options.token || request.headers.authorization === `Bearer ${options.token}`;
    if (!authorized) {
      return void response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "unauthorized" }));
    }
    const sessionId = request.headers["mcp-session-id"];
    let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (request.method !== "POST") return void response.writeHead(405).end();
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, created),
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await buildServer(options.payments).connect(created);
      transport = created;
    }
    await transport.handleRequest(request, response, body ? JSON.parse(body) : undefined);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("MCP server has no port");
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    port: address.port,
    requests,
    close: async () => {
      for (const transport of transports.values()) await transport.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
