/**
 * Bytes to text for XML reports, chunk by chunk. The encoding comes from the
 * BOM, else from the byte pattern of the first characters (UTF-16 without a
 * BOM), else from the XML declaration, else UTF-8 (the XML default). Invalid
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
  /** Set when the declared encoding was not used (unknown, or impossible for the bytes). */
  readonly note?: string;
}

export interface Sniffed {
  encoding: string;
  bomLength: number;
  note?: string;
}

/** Picks the encoding from the first bytes of a file (BOM or declaration). */
export function sniffEncoding(head: Uint8Array): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without BOM: '<' followed by NUL (LE) or NUL then '<' (BE).
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    Buffer.from(head.subarray(0, 200)).toString('latin1'),
  );
  const label = decl?.[1]?.toLowerCase();
  if (!label) return { encoding: 'utf-8', bomLength: 0 };
  const known = LABELS[label] ?? whatwgEncoding(label);
  // The declaration was just read one byte per character, so the bytes are not
  // UTF-16 whatever it says (.NET writers often declare utf-16 and save UTF-8).
  if (known?.startsWith('utf-16')) {
    return {
      encoding: 'utf-8',
      bomLength: 0,
      note: `declared encoding "${decl![1]}" does not match the bytes; read as UTF-8`,
    };
  }
  if (known) return { encoding: known, bomLength: 0 };
  return {
    encoding: 'utf-8',
    bomLength: 0,
    note: `unknown declared encoding "${decl![1]}"; read as UTF-8`,
  };
}

/** The WHATWG name of an encoding label TextDecoder knows (Shift_JIS, GBK, ...), else undefined. */
function whatwgEncoding(label: string): string | undefined {
  try {
    const name = new TextDecoder(label).encoding;
    // "replacement" decodes every byte sequence to one U+FFFD: useless here.
    return name === 'replacement' ? undefined : name;
  } catch {
    return undefined;
  }
}

export function createDecoder(head: Uint8Array): ChunkDecoder {
  const { encoding, bomLength, note } = sniffEncoding(head);
  // Node's TextDecoder handles utf-16be only with full ICU; decode it by swapping bytes.
  const swap = encoding === 'utf-16be';
  // The BOM is skipped here, so the decoder must not eat a second U+FEFF.
  const inner = new TextDecoder(swap ? 'utf-16le' : encoding, { fatal: false, ignoreBOM: true });
  let skip = bomLength;
  let replaced = false;
  let carry: number | undefined; // odd trailing byte when swapping utf-16be
  // A U+FFFD the file itself encodes is text, not a replacement: the decoder
  // replaced something only when it wrote more of them than the bytes hold.
  const ownFFFD =
    encoding === 'utf-8' ? UTF8_FFFD : encoding.startsWith('utf-16') ? UTF16LE_FFFD : undefined;
  let written = 0; // U+FFFD in the text so far
  let encoded = 0; // U+FFFD encoded in the bytes so far
  let fed = 0; // bytes decoded so far (after BOM and swapping)
  let prevTail: Uint8Array = new Uint8Array(0);
  return {
    encoding,
    note,
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
      let text = inner.decode(bytes, { stream: !last });
      if (last && carry !== undefined) {
        // A lone final byte is half a UTF-16 code unit: replaced like any invalid sequence.
        carry = undefined;
        text += '\uFFFD';
      }
      if (!replaced) {
        // Only a chunk whose text holds U+FFFD can hold an encoded one that ends in it.
        const w = count(text, '\uFFFD');
        if (w > 0) {
          written += w;
          if (ownFFFD) encoded += countEncoded(bytes);
          if (written > encoded) replaced = true;
        }
        if (ownFFFD) {
          const all = prevTail.length
            ? Buffer.concat([prevTail, bytes.subarray(-ownFFFD.length)])
            : bytes;
          // Copied: the caller may reuse the chunk's buffer for the next read.
          prevTail = Uint8Array.from(all.subarray(Math.max(0, all.length - (ownFFFD.length - 1))));
        }
        fed += bytes.length;
      }
      return text;
    },
  };

  /** Encoded U+FFFD in `bytes`, including one that starts in the previous chunk. */
  function countEncoded(bytes: Uint8Array): number {
    const pat = ownFFFD!;
    const win = Buffer.concat([prevTail, bytes]);
    const start = fed - prevTail.length; // stream offset of win[0]
    let n = 0;
    for (let i = win.indexOf(pat); i >= 0; i = win.indexOf(pat, i + 1)) {
      // UTF-16 code units sit at even offsets; a match straddling two units is not one.
      if (pat.length === 2 && (start + i) % 2 !== 0) continue;
      n++;
    }
    return n;
  }

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

const UTF8_FFFD = Buffer.from([0xef, 0xbf, 0xbd]);
const UTF16LE_FFFD = Buffer.from([0xfd, 0xff]);

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Decodes a whole buffer (tests and small inputs). */
export function decodeAll(bytes: Uint8Array): {
  text: string;
  encoding: string;
  replaced: boolean;
  note?: string;
} {
  const d = createDecoder(bytes.subarray(0, 512));
  const text = d.decode(bytes, true);
  return { text, encoding: d.encoding, replaced: d.replaced, ...(d.note ? { note: d.note } : {}) };
}
