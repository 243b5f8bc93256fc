/** XML text helpers for the bench generator. */

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\t': '&#9;',
};

export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Attribute values keep newlines as `&#10;`, as Surefire writes multi-line messages. */
export function escapeAttr(text: string): string {
  return text.replace(/[&<>"\n\t]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

/** A CDATA section; a `]]>` inside the text is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Seconds with three decimals, as every one of the three tools prints them. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
