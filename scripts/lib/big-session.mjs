// The long session the viewer is measured with (npm run bench:viewer) and tested on
// (test/browser/viewer-big.test.ts): a working agent's log, five events per step (a message, a tool
// call and its result, thinking, a message with code), ending with one known last message.

/** @typedef {{ type: string } & Record<string, unknown>} AgentEvent */

/**
 * @param {number} count how many events in all (the last is `lastText`)
 * @param {string} lastText
 * @returns {AgentEvent[]}
 */
export function bigSession(count, lastText) {
  /** @type {AgentEvent[]} */
  const events = [];
  for (let step = 1; events.length < count - 1; step += 1) {
    const callId = `call_${step}`;
    events.push(
      { type: "assistant_message", text: `Step ${step}: checking **module ${step % 97}** before the next change.` },
      { type: "tool_call", callId, tool: "file_read", input: { path: `src/module-${step % 97}.ts` } },
      { type: "tool_result", callId, output: `export const value${step} = ${step};\n`.repeat(3), isError: step % 50 === 0, durationMs: step % 40 },
      { type: "thinking", summary: `Step ${step} looks fine`, text: null },
      { type: "assistant_message", text: `Updated it:\n\n\`\`\`ts\nexport const value${step} = ${step + 1};\n\`\`\`` },
    );
  }
  events.length = count - 1;
  events.push({ type: "assistant_message", text: lastText });
  return events;
}
