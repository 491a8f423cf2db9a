import { SELF } from "cloudflare:test";
import { it } from "vitest";
import { call, createSession, createTenant } from "../helpers/worker-api";

it("probe", async () => {
  const doc = await (await SELF.fetch("http://gateway.test/openapi.json")).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
  console.log(doc.openapi, Object.entries(doc.paths).map(([p, m]) => `${p} ${Object.keys(m).join(",")}`).join("\n"));
  const t = await createTenant();
  const times: string[] = [];
  for (let i = 0; i < 10; i++) {
    const s = await createSession(t.key);
    times.push(s.id);
  }
  const list = await (await call(t.key, "GET", "/v1/sessions?limit=100")).json<{ data: { id: string; created_at: string }[] }>();
  console.log(list.data.map((r) => `${r.created_at} ${r.id} ${times.indexOf(r.id)}`).join("\n"));
  for (const p of ["/nope", "/v1/nope"]) {
    const r = await call(t.key, "GET", p);
    console.log(p, r.status, [...r.headers].join(";"), await r.text());
  }
  const r = await call(t.key, "POST", "/v1/sessions", { body: "{bad" });
  console.log(r.status, [...r.headers].join(";"), await r.text());
  const s = await createSession(t.key);
  const r2 = await call(t.key, "POST", `/v1/sessions/${s.id}/send`, { body: { message: "call codespar_list_tools {}" }, headers: { accept: "text/event-stream" } });
  console.log(r2.status, [...r2.headers].join(";"), JSON.stringify(await r2.text()));
  const r3 = await SELF.fetch("http://gateway.test/docs");
  console.log(r3.status, r3.headers.get("content-type"), (await r3.text()).slice(0, 300));
});
