// Terminal output drawn with its ANSI colours: the window's visible lines as styled spans (16
// palette colours by class, themed in tools.css; 256-colour and truecolor by inline colour),
// parsed with the style earlier lines leave open. Elements only, never HTML.
import { type CSSProperties, useMemo } from "react";
import { type AnsiColor, type AnsiSegment, parseAnsiLines } from "../../lib/tools/ansi";
import type { TextWindow } from "../../lib/tools/window";

function colorClass(prefix: "fg" | "bg", color: AnsiColor | undefined): string | null {
  return color !== undefined && "index" in color ? `ansi-${prefix}-${color.index}` : null;
}

function rgb(color: AnsiColor | undefined): string | undefined {
  return color !== undefined && "rgb" in color ? `rgb(${color.rgb.join(" ")})` : undefined;
}

function Segment({ segment }: { segment: AnsiSegment }) {
  const { style } = segment;
  const classes = [
    colorClass("fg", style.fg),
    colorClass("bg", style.bg),
    style.bold ? "ansi-bold" : null,
    style.dim ? "ansi-dim" : null,
    style.italic ? "ansi-italic" : null,
    style.underline ? "ansi-underline" : null,
  ].filter((name) => name !== null);
  const color = rgb(style.fg);
  const background = rgb(style.bg);
  if (classes.length === 0 && color === undefined && background === undefined) return segment.text;
  const inline: CSSProperties | undefined = color === undefined && background === undefined ? undefined : { color, background };
  return (
    <span className={classes.join(" ") || undefined} style={inline}>
      {segment.text}
    </span>
  );
}

export function AnsiLines({ window }: { window: TextWindow }) {
  const lines = useMemo(() => parseAnsiLines(window.lines, window.from, window.to), [window]);
  return (
    <div className="ansi">
      {lines.map((line, index) => (
        <span key={index} className="ansi-line">
          {line.map((segment, at) => (
            <Segment key={at} segment={segment} />
          ))}
          {index < lines.length - 1 ? "\n" : null}
        </span>
      ))}
    </div>
  );
}
