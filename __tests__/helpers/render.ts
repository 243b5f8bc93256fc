/**
 * A Markdown summary as a person sees it on GitHub: GFM parsed by remark, raw HTML made into
 * real elements (rehype-raw) and then sanitized with rehype-sanitize's default schema (which
 * follows GitHub's), laid out with GitHub-like CSS in headless Chromium, and read back from
 * the DOM: first visible text, tables, tags, links, images, pings, page height.
 *
 * Two views before the browser are kept too, because the browser cannot show them: the tags
 * present BEFORE sanitizing (hostile HTML must never become an element in the first place, not
 * merely be stripped by GitHub), and each table's cell counts as parsed (GFM pads or drops cells
 * to the header's count when it builds the HTML, so a pipe injection is invisible in the DOM).
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { loadConfig } from '../../src/config/load.ts';
import { assessCommand, type AssessResult } from '../../src/commands/assess.ts';

/** Enough of mdast/hast for walking: both are { type, tagName?, children? } trees. */
interface TreeNode {
  type: string;
  tagName?: string;
  children?: TreeNode[];
}

function* walk(n: TreeNode): Generator<TreeNode> {
  yield n;
  for (const c of n.children ?? []) yield* walk(c);
}

export interface TableShape {
  header: number;
  rows: number[];
}

export interface SummaryHtml {
  /** Sanitized HTML of the summary body. */
  html: string;
  /** Distinct element names after rehype-raw and before sanitizing, sorted. */
  rawTags: string[];
  /** Cells per row of each GFM table as parsed, before HTML pads or drops cells. */
  mdTables: TableShape[];
}

/** GFM -> sanitized HTML, observing the trees on the way. */
export function summaryHtml(md: string): SummaryHtml {
  const rawTags = new Set<string>();
  const mdTables: TableShape[] = [];
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(() => (tree: TreeNode) => {
      for (const t of walk(tree)) {
        if (t.type !== 'table') continue;
        const [header, ...rows] = (t.children ?? []).map((r) => r.children?.length ?? 0);
        mdTables.push({ header: header ?? 0, rows });
      }
    })
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(() => (tree: TreeNode) => {
      for (const n of walk(tree)) if (n.tagName !== undefined) rawTags.add(n.tagName);
    })
    .use(rehypeSanitize)
    .use(rehypeStringify);
  const html = String(processor.processSync(md));
  return { html, rawTags: [...rawTags].sort(), mdTables };
}

// Close to github.com's .markdown-body: system font stack, 16px/1.5, 1012px column, bordered
// tables that scroll rather than widen the page, tinted code spans.
const CSS = `
body { margin: 0; background: #fff; color: #1f2328; }
.markdown-body { box-sizing: border-box; max-width: 1012px; margin: 0 auto; padding: 24px 32px;
  font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial,
  sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0; }
h2 { font-size: 1.5em; font-weight: 600; margin: 24px 0 16px; padding-bottom: .3em;
  border-bottom: 1px solid #d1d9e0b3; line-height: 1.25; }
h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; line-height: 1.25; }
p, ul, table, details { margin: 0 0 16px; }
ul { padding-left: 2em; }
table { display: block; width: max-content; max-width: 100%; overflow: auto;
  border-collapse: collapse; border-spacing: 0; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
code { padding: .2em .4em; font-size: 85%; border-radius: 6px; background: #818b9826;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono",
  monospace; white-space: break-spaces; }
summary { cursor: pointer; }
`;

/** A whole page around sanitized summary HTML; the summary is the only child of <article>. */
export function pageHtml(body: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8"><title>summary</title>' +
    `<style>${CSS}</style></head><body><article class="markdown-body">${body}</article>` +
    '</body></html>'
  );
}

/** What a reader gets from one rendered summary. */
export interface Rendered extends SummaryHtml {
  /** The first non-empty, visible text node in document order, trimmed. */
  firstText: string;
  /** Tag of the block holding firstText (h2, p, td, ...). */
  firstTextBlock: string;
  /** Distinct element names inside the summary, sorted. */
  tags: string[];
  /** Every table: cell texts per row, header row apart. */
  tables: { header: string[]; rows: string[][] }[];
  /** Every <a>, with its href attribute ('' when absent). */
  links: { href: string; text: string }[];
  /** Media and embedded content: img, picture, svg, video, audio, source. */
  images: string[];
  /** Active or page-altering elements: script, iframe, form, input, style, link, meta, ... */
  active: string[];
  /** Text outside <code>/<pre>, where GitHub looks for @mentions, #refs and bare links. */
  prose: string;
  /** All text (textContent) of the summary, code included. */
  text: string;
  /** Height of the summary in CSS pixels (padding included) at a 1280 px wide window. */
  height: number;
  /** URLs the page tried to load (all blocked): a remote image would show up here. */
  requests: string[];
}

// Runs in the page. A string, not a function, so no compiler helper can leak into it and no DOM
// types are needed in a Node-only tsconfig.
const PROBE = `(() => {
  const root = document.querySelector('article');
  const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,td,th,summary,pre';
  let firstText = '', firstTextBlock = '';
  const prose = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!firstText && n.data.trim() !== '' && el.checkVisibility()) {
      firstText = n.data.trim();
      firstTextBlock = (el.closest(BLOCKS) || el).tagName.toLowerCase();
    }
    if (!el.closest('code, pre')) prose.push(n.data);
  }
  const all = [...root.querySelectorAll('*')];
  const names = (sel) => [...root.querySelectorAll(sel)].map((e) => e.tagName.toLowerCase());
  return {
    firstText,
    firstTextBlock,
    tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
    tables: [...root.querySelectorAll('table')].map((t) => {
      const rows = [...t.rows].map((r) => [...r.cells].map((c) => c.textContent));
      return { header: rows[0] || [], rows: rows.slice(1) };
    }),
    links: [...root.querySelectorAll('a')].map((a) => ({
      href: a.getAttribute('href') || '',
      text: a.textContent,
    })),
    images: names('img, picture, svg, video, audio, source'),
    active: names('script, noscript, iframe, frame, object, embed, form, input, button, ' +
      'textarea, select, style, link, meta, base'),
    prose: prose.join(''),
    text: root.textContent,
    height: Math.ceil(root.getBoundingClientRect().bottom + window.scrollY),
  };
})()`;

type Probed = Omit<Rendered, keyof SummaryHtml | 'requests'>;

export interface Renderer {
  render(md: string): Promise<Rendered>;
  /**
   * PNG of the whole rendered summary (all of it, however tall) at `width` CSS pixels, device
   * scale 1; `openDetails` expands every <details> as if the reader had clicked it.
   */
  screenshot(
    md: string,
    file: string,
    opts?: { width?: number; openDetails?: boolean },
  ): Promise<void>;
  close(): Promise<void>;
}

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The system Chromium: $CHROMIUM if set, else the first of CANDIDATES on PATH. Throws a message
 * saying how to install it, so a machine without a browser fails the test instead of skipping.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM) return env.CHROMIUM;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of CANDIDATES) {
      const file = path.join(dir || '.', name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    `no Chromium found on PATH (looked for ${CANDIDATES.join(', ')}): the rendered-summary ` +
      'tests need a real browser. Install it (Debian: apt-get install -y chromium) or set ' +
      'CHROMIUM to its path.',
  );
}

export async function startRenderer(): Promise<Renderer> {
  const browser: Browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  let requests: string[] = [];
  let page: Page;
  try {
    page = await browser.newPage();
    // Nothing in a summary may run or fetch: scripts off, every request recorded and refused.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      requests.push(req.url());
      void req.abort();
    });
  } catch (e) {
    await browser.close();
    throw e;
  }
  const load = async (md: string, width: number) => {
    const parts = summaryHtml(md);
    requests = [];
    await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
    await page.setContent(pageHtml(parts.html), { waitUntil: 'load' });
    return parts;
  };
  return {
    async render(md) {
      const parts = await load(md, 1280);
      const probed = (await page.evaluate(PROBE)) as Probed;
      return { ...parts, ...probed, requests: [...requests] };
    },
    async screenshot(md, file, { width = 900, openDetails = false } = {}) {
      await load(md, width);
      if (openDetails) {
        await page.evaluate(`document.querySelectorAll('details').forEach((d) => (d.open = true))`);
      }
      // The article, not the viewport: no blank band under a summary shorter than the window.
      const article = await page.$('article');
      if (!article) throw new Error('rendered page has no <article>');
      await article.screenshot({ path: file as `${string}.png`, type: 'png' });
    },
    close: () => browser.close(),
  };
}

export const EXAMPLE = fileURLToPath(new URL('../../examples/conversations/', import.meta.url));

/**
 * The shipped example assessed in-process exactly as `npm run demo` does (same folder, inputs
 * and config lookup), for the summary `--summary -` would print.
 */
export async function assessExample(): Promise<AssessResult> {
  const loaded = await loadConfig({ cwd: EXAMPLE });
  if (loaded.errors.length > 0) throw new Error(`example config: ${loaded.errors.join('; ')}`);
  const warnings: string[] = [];
  const result = await assessCommand(
    {
      reports: ['reports/head'],
      history: 'reports/history',
      reruns: 'reports/reruns',
      changed: 'changes/touches-the-service.txt',
      cwd: EXAMPLE,
      config: loaded.config,
    },
    { warn: (m) => void warnings.push(m) },
  );
  if (warnings.length > 0) throw new Error(`example assess warned: ${warnings.join('; ')}`);
  return result;
}

/** The elements renderSummary writes; anything else in a rendered summary came from a report. */
export const SUMMARY_TAGS = [
  'h2',
  'h3',
  'p',
  'strong',
  'em',
  'code',
  'ul',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'details',
  'summary',
];
