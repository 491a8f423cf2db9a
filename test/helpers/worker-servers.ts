// In-runtime helpers for the MCP server registry: register through the API, or write a row straight
// into D1 (to reach call-time checks with a URL that registration would refuse).
import { env } from "cloudflare:test";
import { call } from "./worker-api";

export const registerServer = (key: string, body: Record<string, unknown>, project?: string) =>
  call(key, "POST", "/v1/servers", { body: { name: "Test server", auth_type: "none", ...body }, project });

/** A registration without the API's URL checks and without credentials. */
export async function insertServerRow(projectId: string, row: { id: string; url: string; rest_base_url?: string | null }) {
  await env.DB.prepare(
    "INSERT INTO servers (project_id, id, org_id, name, url, rest_base_url, category, country, auth_type, credentials, created_at) VALUES (?, ?, 'org_test', ?, ?, ?, 'testing', 'BR', 'none', NULL, ?)",
  )
    .bind(projectId, row.id, `Server ${row.id}`, row.url, row.rest_base_url ?? null, new Date().toISOString())
    .run();
}
