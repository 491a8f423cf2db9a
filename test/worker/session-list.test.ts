// GET /v1/sessions: newest first, limit (1..100, default 20), `before` cursor paging, status filter.
import { describe, expect, it } from "vitest";
import { SessionList } from "../../src/shared/schemas/sessions";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";

async function list(key: string, query = "") {
  const page = await expectJson(await call(key, "GET", `/v1/sessions${query}`), 200, SessionList.strict());
  expect(page.sessions).toEqual(page.data);
  return page;
}

async function createMany(key: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createSession(key)).id);
  return ids;
}

describe("GET /v1/sessions", () => {
  it("is empty for a new project", async () => {
    const tenant = await createTenant();
    expect(await list(tenant.key)).toEqual({ data: [], sessions: [], next_before: null });
  });

  it("lists newest first", async () => {
    const tenant = await createTenant();
    const ids = await createMany(tenant.key, 3);
    const page = await list(tenant.key);
    expect(page.data.map((row) => row.id)).toEqual([...ids].reverse());
    expect(page.next_before).toBeNull();
    const createdAt = page.data.map((row) => row.created_at);
    expect([...createdAt].sort().reverse()).toEqual(createdAt);
  });

  it("pages through 5 sessions with limit 2 and the before cursor, without duplicates or gaps", async () => {
    const tenant = await createTenant();
    const ids = await createMany(tenant.key, 5);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&before=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await list(tenant.key, query);
      pages.push(page.data.map((row) => row.id));
      cursor = page.next_before;
      if (cursor) expect(cursor).toBe(page.data.at(-1)?.id);
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it("gives next_before null when the page is exactly the rest", async () => {
    const tenant = await createTenant();
    await createMany(tenant.key, 2);
    const page = await list(tenant.key, "?limit=2");
    expect(page.data).toHaveLength(2);
    expect(page.next_before).toBeNull();
  });

  it("takes an ISO timestamp as before", async () => {
    const tenant = await createTenant();
    const ids = await createMany(tenant.key, 3);
    const all = await list(tenant.key);
    const newest = all.data[0];
    if (!newest) throw new Error("no sessions listed");
    const older = await list(tenant.key, `?before=${encodeURIComponent(newest.created_at)}`);
    expect(older.data.map((row) => row.id)).toEqual([ids[1], ids[0]]);
  });

  it("compares a before timestamp as an instant, whatever its precision", async () => {
    const tenant = await createTenant();
    await createMany(tenant.key, 2);
    const newest = (await list(tenant.key)).data[0];
    if (!newest) throw new Error("no sessions listed");
    // The same second as the newest session, without milliseconds: that session is not before it.
    const wholeSecond = newest.created_at.replace(/\.\d+Z$/, "Z");
    const page = await list(tenant.key, `?before=${encodeURIComponent(wholeSecond)}`);
    for (const row of page.data) expect(Date.parse(row.created_at)).toBeLessThan(Date.parse(wholeSecond));
    expect(page.data.map((row) => row.id)).not.toContain(newest.id);
  });

  it("answers 400 for a before that is neither a session id nor a timestamp", async () => {
    const tenant = await createTenant();
    const error = await expectError(await call(tenant.key, "GET", "/v1/sessions?before=yesterday-ish"), 400, "validation_failed");
    expect(error.issues?.map((issue) => issue.path)).toContain("before");
  });

  it("defaults to 20 and accepts up to 100; 0, 101 and non-numbers are 400", async () => {
    const tenant = await createTenant();
    await createMany(tenant.key, 21);
    const page = await list(tenant.key);
    expect(page.data).toHaveLength(20);
    expect(page.next_before).toEqual(expect.any(String));
    expect((await list(tenant.key, "?limit=100")).data).toHaveLength(21);
    for (const bad of ["101", "0", "-1", "abc", "2.5"]) {
      const error = await expectError(await call(tenant.key, "GET", `/v1/sessions?limit=${bad}`), 400, "validation_failed");
      expect(error.issues?.map((issue) => issue.path)).toContain("limit");
    }
  });

  it("filters by status", async () => {
    const tenant = await createTenant();
    const [first, second, third] = await createMany(tenant.key, 3);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${second}`));
    const active = await list(tenant.key, "?status=active");
    expect(active.data.map((row) => row.id)).toEqual([third, first]);
    expect(active.data.every((row) => row.status === "active")).toBe(true);
    const closed = await list(tenant.key, "?status=closed");
    expect(closed.data.map((row) => row.id)).toEqual([second]);
    expect(closed.data[0]?.status).toBe("closed");
    expect((await list(tenant.key, "?status=error")).data).toEqual([]);
  });

  it("pages within a status filter", async () => {
    const tenant = await createTenant();
    const ids = await createMany(tenant.key, 4);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${ids[2]}`));
    const first = await list(tenant.key, "?status=active&limit=2");
    expect(first.data.map((row) => row.id)).toEqual([ids[3], ids[1]]);
    const second = await list(tenant.key, `?status=active&limit=2&before=${first.next_before}`);
    expect(second.data.map((row) => row.id)).toEqual([ids[0]]);
    expect(second.next_before).toBeNull();
  });
});
