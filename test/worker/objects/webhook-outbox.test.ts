// When the webhook outbox asks for its alarm: an event a webhook may want is fanned out at once; a
// tool result (captured only for triggers) waits TRIGGER_ONLY_DELAY_MS, so a burst of tool calls
// costs one outbox run.
import { describe, expect, it } from "vitest";
import type { WebhookDirectory } from "../../../durable-objects/session/ports";
import { TRIGGER_ONLY_DELAY_MS, WebhookOutbox } from "../../../durable-objects/session/webhook-outbox";
import { formatOffset } from "../../../src/shared/protocol/offsets";
import type { StoredEvent } from "../../../src/shared/schemas/events";
import { withFreshStorage } from "../../helpers/worker-objects";

const NO_TARGETS: WebhookDirectory = { targets: async () => [], logDelivery: async () => {} };

const toolResult = (seq: number, ts: number): StoredEvent => ({
  v: 1,
  type: "tool_result",
  ts,
  offset: formatOffset(seq),
  callId: `tc_${seq}`,
  output: { ok: true },
  isError: false,
});

describe("WebhookOutbox.nextDue", () => {
  it("runs at once for a webhook event and a second after the oldest tool result", async () => {
    await withFreshStorage((storage) => {
      const outbox = new WebhookOutbox(storage, NO_TARGETS, true);
      const now = Date.now();
      expect(outbox.nextDue(now)).toBeNull();

      outbox.capture([toolResult(1, now - 200), toolResult(2, now)]);
      expect(outbox.nextDue(now)).toBe(now - 200 + TRIGGER_ONLY_DELAY_MS);

      outbox.capture([{ v: 1, type: "turn_complete", ts: now, offset: formatOffset(3), success: true }]);
      expect(outbox.nextDue(now)).toBe(now);
    });
  });

  it("fans tool results out when they are due, then has nothing left", async () => {
    await withFreshStorage(async (storage) => {
      const outbox = new WebhookOutbox(storage, NO_TARGETS, true);
      const now = Date.now();
      outbox.capture([toolResult(1, now)]);
      await outbox.run({ id: "ses_outbox", projectId: "prj_1" }, now + TRIGGER_ONLY_DELAY_MS);
      expect(outbox.nextDue(now + TRIGGER_ONLY_DELAY_MS)).toBeNull();
    });
  });
});
