// How the benchmarks print their results: numbers with a fixed number of digits ("-" for none),
// ratios between two servers ("1.23x"), and a Markdown table, so every benchmark's table reads alike.

/**
 * @param {number | null | undefined} n
 * @param {number} [digits]
 */
export const fmt = (n, digits = 1) => (n === null || n === undefined ? "-" : Number(n).toFixed(digits));

/**
 * @param {number | null | undefined} a
 * @param {number | null | undefined} b
 */
export const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : "-");

/**
 * Prints a Markdown table to stdout, a blank line before it.
 * @param {string[]} heads
 * @param {string[][]} rows
 */
export function printTable(heads, rows) {
  console.log(`\n| ${heads.join(" | ")} |\n|${"---|".repeat(heads.length)}`);
  for (const cells of rows) console.log(`| ${cells.join(" | ")} |`);
}
