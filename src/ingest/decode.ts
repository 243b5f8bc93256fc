/**
 * Bytes to text for XML reports, chunk by chunk. The encoding comes from the
 * BOM, else from the XML declaration, else UTF-8 (the XML default). Invalid
 * bytes become U+FFFD with a warning rather than failing the file: a report
 * with one bad byte in a log excerpt still has readable outcomes.
 */

const LABELS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8', // ASCII is a subset of UTF-8
  ascii: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

export interface ChunkDecoder {
  /** Decodes the next chunk; pass `last` on the final one to flush. */
  decode(chunk: Uint8Array, last?: boolean): string;
  readonly encoding: string;
  /** True once any invalid byte sequence was replaced. */
  readonly replaced: boolean;
}

/** Picks the encoding from the first bytes of a file (BOM or declaration). */
export function sniffEncoding(head: Uint8Array): { encoding: string; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without BOM: '<' followed by NUL (LE) or NUL then '<' (BE).
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    Buffer.from(head.subarray(0, 200)).toString('latin1'),
  );
  const label = decl?.[1]?.toLowerCase();
  return { encoding: (label && LABELS[label]) ?? 'utf-8', bomLength: 0 };
}

export function createDecoder(head: Uint8Array): ChunkDecoder {
  const { encoding, bomLength } = sniffEncoding(head);
  // Node's TextDecoder handles utf-16be only with full ICU; decode it by swapping bytes.
  const swap = encoding === 'utf-16be';
  const inner = new TextDecoder(swap ? 'utf-16le' : encoding, { fatal: false, ignoreBOM: false });
  let skip = bomLength;
  let replaced = false;
  let carry: number | undefined; // odd trailing byte when swapping utf-16be
  return {
    encoding,
    get replaced() {
      return replaced;
    },
    decode(chunk, last = false) {
      let bytes = chunk;
      if (skip > 0) {
        const n = Math.min(skip, bytes.length);
        bytes = bytes.subarray(n);
        skip -= n;
      }
      if (swap) bytes = swapPairs(bytes);
      const text = inner.decode(bytes, { stream: !last });
      if (!replaced && text.includes('\uFFFD')) replaced = true;
      return text;
    },
  };

  function swapPairs(bytes: Uint8Array): Uint8Array {
    const all = carry === undefined ? bytes : Buffer.concat([Uint8Array.of(carry), bytes]);
    const even = all.length - (all.length % 2);
    carry = all.length % 2 ? all[all.length - 1] : undefined;
    const out = new Uint8Array(even);
    for (let i = 0; i < even; i += 2) {
      out[i] = all[i + 1]!;
      out[i + 1] = all[i]!;
    }
    return out;
  }
}

/** Decodes a whole buffer (tests and small inputs). */
export function decodeAll(bytes: Uint8Array): {
  text: string;
  encoding: string;
  replaced: boolean;
} {
  const d = createDecoder(bytes.subarray(0, 512));
  const text = d.decode(bytes, true);
  return { text, encoding: d.encoding, replaced: d.replaced };
}
