/**
 * Test names and failure messages of the hostile corpus, read with a regex on purpose: the real
 * JUnit parser is someone else's and report tests must not depend on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { HOSTILE } from './corpus.ts';

function decodeXml(s: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return s.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi,
    (_m, hex?: string, dec?: string, name?: string) =>
      hex !== undefined
        ? String.fromCodePoint(parseInt(hex, 16))
        : dec !== undefined
          ? String.fromCodePoint(Number(dec))
          : (named[name ?? ''] ?? ''),
  );
}

/** XML normalises literal tab/CR/LF in attribute values to a space before references decode. */
const attr = (raw: string) => decodeXml(raw.replace(/[\t\n\r]/g, ' '));

export interface HostileText {
  file: string;
  raw: string;
}

export function hostileTexts(): { names: HostileText[]; messages: HostileText[] } {
  const names: HostileText[] = [];
  const messages: HostileText[] = [];
  const files = readdirSync(HOSTILE).filter((f) => /^(names-.*|messages-long)\.xml$/.test(f));
  for (const file of files.sort()) {
    const xml = readFileSync(`${HOSTILE}${file}`, 'utf8').replace(/\r\n?/g, '\n');
    for (const m of xml.matchAll(/<testcase\b[^>]*?\sname="([^"]*)"/g)) {
      names.push({ file, raw: attr(m[1] ?? '') });
    }
    for (const m of xml.matchAll(/<failure\b([^>]*?)(?:\/>|>([\s\S]*?)<\/failure>)/g)) {
      const message = /\smessage="([^"]*)"/.exec(m[1] ?? '')?.[1];
      for (const raw of [message === undefined ? '' : attr(message), decodeXml(m[2] ?? '')]) {
        if (raw !== '' && !messages.some((c) => c.raw === raw)) messages.push({ file, raw });
      }
    }
  }
  return { names, messages };
}
