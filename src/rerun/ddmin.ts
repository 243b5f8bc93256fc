/**
 * Delta debugging (Zeller's ddmin) over the tests that preceded a victim: the
 * smallest set of them after which it still fails. `fails(subset)` runs the
 * subset then the victim in one process; the search stops when the budget
 * says so and returns the smallest failing set found so far, marked partial.
 */
export interface DdminResult<T> {
  culprits: T[];
  /** False when the budget ran out before the set was 1-minimal. */
  minimal: boolean;
  probes: number;
}

export async function ddmin<T>(
  items: T[],
  fails: (subset: T[]) => Promise<boolean>,
  budgetLeft: () => boolean,
): Promise<DdminResult<T>> {
  let current = items;
  let n = 2;
  let probes = 0;
  const probe = async (s: T[]): Promise<boolean> => {
    probes++;
    return fails(s);
  };
  while (current.length >= 2) {
    if (!budgetLeft()) return { culprits: current, minimal: false, probes };
    const chunks = split(current, Math.min(n, current.length));
    let reduced = false;
    // A single chunk that still fails: keep only it.
    for (const c of chunks) {
      if (!budgetLeft()) return { culprits: current, minimal: false, probes };
      if (await probe(c)) {
        current = c;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && chunks.length > 2) {
      // A complement that still fails: drop that chunk.
      for (let i = 0; i < chunks.length; i++) {
        if (!budgetLeft()) return { culprits: current, minimal: false, probes };
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (await probe(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return { culprits: current, minimal: true, probes };
}

/** `items` in `n` contiguous chunks of near-equal size, order kept. */
function split<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    out.push(items.slice(start, end));
    start = end;
  }
  return out;
}
