// What a benchmark reads about a server's processes from /proc (Linux): resident memory of a process
// or its whole tree, and CPU time used, so every benchmark measures servers the same way.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Resident memory of one process in bytes (0 once it has ended).
 * @param {number} pid
 */
export function rssOf(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * A process and all its descendants, from /proc.
 * @param {number} pid
 * @returns {number[]}
 */
export function processTree(pid) {
  /** @type {number[]} */
  const found = [];
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined) break;
    found.push(current);
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended
    }
  }
  return found;
}

/**
 * Resident memory (bytes) of a process and all its descendants.
 * @param {number} pid
 */
export function treeRss(pid) {
  return processTree(pid).reduce((sum, each) => sum + rssOf(each), 0);
}

/**
 * CPU time (user + system, ms) a process has used so far (0 once it has ended).
 * @param {number} pid
 */
export function cpuMsOf(pid) {
  try {
    // Fields after the command name (which may hold spaces) start at the state field, number 3.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * The pids in a process tree whose command is workerd: the serving process under a launcher.
 * @param {number} pid
 */
export function workerdPids(pid) {
  return processTree(pid).filter((each) => {
    try {
      return readFileSync(`/proc/${each}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
}
