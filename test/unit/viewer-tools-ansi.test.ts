// ANSI terminal output as styled segments for the viewer's terminal renderer (spa/src/lib/tools/ansi.ts).
import { describe, expect, it } from "vitest";
import { hasAnsi, parseAnsi, parseAnsiLines, stripAnsi } from "../../spa/src/lib/tools/ansi";

const ESC = "\x1b";

describe("parseAnsi", () => {
  it("reads foreground colours, bright colours, bold and reset", () => {
    const [line] = parseAnsi(`${ESC}[32mPASS${ESC}[0m ok ${ESC}[1;91mFAIL${ESC}[22m still red${ESC}[39m plain`);
    expect(line).toEqual([
      { text: "PASS", style: { fg: { index: 2 } } },
      { text: " ok ", style: {} },
      { text: "FAIL", style: { bold: true, fg: { index: 9 } } },
      { text: " still red", style: { fg: { index: 9 } } },
      { text: " plain", style: {} },
    ]);
  });

  it("reads backgrounds, dim, italic, underline and an empty SGR as reset", () => {
    const [line] = parseAnsi(`${ESC}[41;2;3;4mx${ESC}[my${ESC}[104mz${ESC}[49mw`);
    expect(line).toEqual([
      { text: "x", style: { bg: { index: 1 }, dim: true, italic: true, underline: true } },
      { text: "y", style: {} },
      { text: "z", style: { bg: { index: 12 } } },
      { text: "w", style: {} },
    ]);
  });

  it("reads 256-colour and truecolor codes (semicolon and colon forms)", () => {
    const [line] = parseAnsi(`${ESC}[38;5;196ma${ESC}[38;5;4mb${ESC}[38;2;10;20;30mc${ESC}[48:2::1:2:3md${ESC}[38;5;244me`);
    expect(line?.map((segment) => segment.style)).toEqual([
      { fg: { rgb: [255, 0, 0] } },
      { fg: { index: 4 } },
      { fg: { rgb: [10, 20, 30] } },
      { fg: { rgb: [10, 20, 30] }, bg: { rgb: [1, 2, 3] } },
      { fg: { rgb: [128, 128, 128] }, bg: { rgb: [1, 2, 3] } },
    ]);
  });

  it("drops other escapes: cursor moves, erase, OSC titles and hyperlinks (keeping their text), charset switches, stray controls", () => {
    const text = `${ESC}[2K${ESC}[1A${ESC}]0;title${ESC}\\${ESC}]8;;https://x.test${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}(Bdone\x07\x08${ESC}[?25l!`;
    expect(stripAnsi(text)).toBe("link done!");
  });

  it("lets a carriage return replace the line (progress bars), and keeps CRLF lines", () => {
    expect(stripAnsi("10%\r50%\r100%\nnext\r\nlast")).toBe("100%\nnext\nlast");
    expect(stripAnsi("kept\r")).toBe("kept");
  });

  it("never produces markup: angle brackets and ampersands stay text", () => {
    const [line] = parseAnsi(`${ESC}[31m<img src=x onerror=alert(1)>&amp;`);
    expect(line).toEqual([{ text: "<img src=x onerror=alert(1)>&amp;", style: { fg: { index: 1 } } }]);
  });

  it("carries the style earlier lines leave open into the lines returned from `from` on", () => {
    const lines = [`${ESC}[33mwarning: start`, "still yellow", `${ESC}[0mplain`];
    expect(parseAnsiLines(lines, 1)).toEqual([[{ text: "still yellow", style: { fg: { index: 3 } } }], [{ text: "plain", style: {} }]]);
    expect(parseAnsiLines(lines, 0, 1)).toHaveLength(1);
  });

  it("tells text with escapes from plain text", () => {
    expect(hasAnsi(`${ESC}[1mx`)).toBe(true);
    expect(hasAnsi("plain\ntext")).toBe(false);
  });
});
