// The reference agent: scripts/agent-bridge.mjs attaches to an external session, answers a prompt by
// running a local command with the prompt on stdin, and its output comes back through send.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/local-gateway.mjs";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { SendResult } from "../../src/shared/schemas/tools";
import { apiJson, apiKey, baseUrl } from "../helpers/e2e-api";

describe("agent-bridge", () => {
  it("answers a prompt with the command's output and prints a progress line", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [], runtime: { type: "external" } });
    const bridge = spawn(
      process.execPath,
      ["scripts/agent-bridge.mjs", "--once", "--url", baseUrl, "--key", apiKey, "--session", session.id, "--", "tr", "a-z", "A-Z"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    bridge.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    bridge.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const result = await apiJson(SendResult, "POST", `/v1/sessions/${session.id}/send`, { message: "shout this" }, { accept: "application/json" });
      expect(result.message, output).toBe("SHOUT THIS");
      const code = await new Promise((resolve) => bridge.on("close", resolve));
      expect(code).toBe(0);
      expect(output).toMatch(/\[agent-bridge\] prm_\w+ "shout this" -> ok in [\d.]+ s, 1 chunk\(s\)/);
    } finally {
      bridge.kill();
    }
  });
});
