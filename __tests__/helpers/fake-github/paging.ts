/** GitHub-style pages: `per_page` (capped at 100) and `page`, with a Link header. */

export interface Page<T> {
  items: T[];
  /** Link header value, absent when everything fits on one page. */
  link?: string;
}

export function paginate<T>(items: T[], url: URL, defaultPerPage = 30, maxPerPage = 100): Page<T> {
  const asked = Number(url.searchParams.get('per_page') ?? defaultPerPage);
  const perPage =
    Number.isInteger(asked) && asked > 0 ? Math.min(asked, maxPerPage) : defaultPerPage;
  const askedPage = Number(url.searchParams.get('page') ?? 1);
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice };
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set('page', String(n));
    return `<${u.href}>`;
  };
  const rels: string[] = [];
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`);
  return { items: slice, link: rels.join(', ') };
}
