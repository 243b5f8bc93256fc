import { describe, expect, it } from 'vitest';
import { verdictJsonChunks } from '../../../src/report/verdict-json.ts';
import { failure, verdict } from '../../helpers/verdict-builder.ts';

/** n failures with hostile-ish names (quotes, newlines, a key-like text). */
const verdictWith = (n: number) =>
  verdict(
    Array.from({ length: n }, (_, i) =>
      failure({ id: `t${i}`, name: `test "failures": [] ${i}\n  "failures": []` }),
    ),
  );

describe('verdict JSON in chunks', () => {
  it.each([0, 1, 3, 250])('%i failures: the chunks join to JSON.stringify(v, null, 2)', (n) => {
    const v = verdictWith(n);
    const text = [...verdictJsonChunks(v)].join('');
    expect(text).toBe(JSON.stringify(v, null, 2) + '\n');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
  });

  it('one chunk per failure: no chunk grows with the number of failures', () => {
    const chunks = [...verdictJsonChunks(verdictWith(2000))];
    expect(chunks.length).toBe(2002);
    const longest = Math.max(...chunks.slice(1, -1).map((c) => c.length));
    expect(longest).toBeLessThan(20_000);
  });
});
