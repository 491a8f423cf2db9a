import { describe, expect, it } from "vitest";
import { isWorkerFirst } from "../../src/lib/worker-first";

describe("worker-first paths (run_worker_first and the direct entrypoint)", () => {
  it("claims the API, share links, admin and docs, and leaves the viewer's files to the assets", () => {
    for (const path of ["/", "/v1/sessions", "//v1/sessions", "/api/shares/abc/token", "/s/abcdefghij", "/admin/organizations", "/openapi.json", "/docs"]) {
      expect(isWorkerFirst(path), path).toBe(true);
    }
    for (const path of ["/assets/index-abc123.js", "/index.html", "/favicon.svg", "/docs/extra", "/v1"]) {
      expect(isWorkerFirst(path), path).toBe(false);
    }
  });
});
