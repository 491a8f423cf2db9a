// GET /v1/sessions/:id/connections: the session's servers (unconfigured, so not connected) and its tools.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";

const Connections = z.strictObject({
  servers: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      country: z.string(),
      auth_type: z.enum(["oauth", "api_key", "cert", "none"]),
      connected: z.boolean(),
    }),
  ),
  tools: z.array(z.object({ name: z.string(), description: z.string(), input_schema: z.looseObject({}), server: z.string() })),
});

const connections = async (key: string, id: string) => expectJson(await call(key, "GET", `/v1/sessions/${id}/connections`), 200, Connections);

describe("connections", () => {
  it("lists the servers named at creation as not connected, in order", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key, { servers: ["asaas", "stripe"] });
    const body = await connections(tenant.key, session.id);
    expect(body.servers.map((server) => server.id)).toEqual(["asaas", "stripe"]);
    for (const server of body.servers) {
      expect(server.connected).toBe(false);
      expect(server.name.length).toBeGreaterThan(0);
    }
  });

  it("has no servers for servers: [] but still the built-in tools", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const body = await connections(tenant.key, session.id);
    expect(body.servers).toEqual([]);
    const listTools = body.tools.find((tool) => tool.name === "codespar_list_tools");
    expect(listTools?.description).toEqual(expect.any(String));
    expect(listTools?.description.length).toBeGreaterThan(0);
    expect(listTools?.input_schema).toMatchObject({ type: "object" });
  });

  it("lists the same tools that codespar_list_tools returns", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key, { servers: ["asaas"] });
    const body = await connections(tenant.key, session.id);
    const res = await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: "codespar_list_tools" } });
    const executed = z.object({ data: z.object({ tools: z.array(z.unknown()) }) }).parse(await res.json());
    expect(executed.data.tools).toEqual(body.tools);
  });
});
