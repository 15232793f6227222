// Memory of a process tree from /proc (Linux): resident set (RSS, shared pages counted in every
// process) and proportional set (PSS, shared pages split), summed over the process and its descendants.
import { readFileSync, readdirSync } from 'node:fs';

function children(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i] as number));
  return all;
}

function field(file: string, name: string): number {
  try {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** { rssKiB, pssKiB } of the tree rooted at pid. */
export function treeMemory(pid: number): { rssKiB: number; pssKiB: number; processes: number } {
  const pids = processTree(pid);
  let rss = 0;
  let pss = 0;
  for (const p of pids) {
    rss += field(`/proc/${p}/status`, 'VmRSS');
    pss += field(`/proc/${p}/smaps_rollup`, 'Pss');
  }
  return { rssKiB: rss, pssKiB: pss, processes: pids.length };
}
