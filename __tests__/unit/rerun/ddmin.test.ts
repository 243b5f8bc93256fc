import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ddmin } from '../../../src/rerun/ddmin.ts';

describe('ddmin', () => {
  it('finds the one polluter among many innocents', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const r = await ddmin(
      items,
      async (s) => s.includes(17),
      () => true,
    );
    expect(r).toMatchObject({ culprits: [17], minimal: true });
    // Logarithmic, not linear: far fewer probes than items.
    expect(r.probes).toBeLessThan(20);
  });

  it('finds a pair that pollutes only together', async () => {
    const items = Array.from({ length: 16 }, (_, i) => i);
    const r = await ddmin(
      items,
      async (s) => s.includes(3) && s.includes(12),
      () => true,
    );
    expect(r.culprits).toEqual([3, 12]);
    expect(r.minimal).toBe(true);
  });

  it('any monotone failure set: the result fails and removing any one element makes it pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 29 }), { minLength: 1, maxLength: 3 }),
        async (bad) => {
          const items = Array.from({ length: 30 }, (_, i) => i);
          const fails = async (s: number[]) => bad.every((b) => s.includes(b));
          const r = await ddmin(items, fails, () => true);
          expect(await fails(r.culprits)).toBe(true);
          for (let i = 0; i < r.culprits.length; i++)
            expect(await fails(r.culprits.filter((_, j) => j !== i))).toBe(false);
        },
      ),
    );
  });

  it('stops when the budget runs out and says the set is not minimal', async () => {
    let probes = 0;
    const r = await ddmin(
      Array.from({ length: 64 }, (_, i) => i),
      async (s) => s.includes(5),
      () => probes++ < 2,
    );
    expect(r.minimal).toBe(false);
    expect(r.culprits).toContain(5);
    expect(r.culprits.length).toBeGreaterThan(1);
  });
});
