/** Repository REST routes: a pull request's files, comparing two commits. */
import { paginate } from './paging.ts';
import { type Handler, int, json, notFound } from './route-types.ts';
import { comparison, diffEntry, fakeSha, ghError } from './shapes.ts';

const listPullFiles: Handler = (c) => {
  const pull = int(c.params.pull_number);
  const files = c.state.pullFiles.get(pull);
  if (!files) return notFound();
  // GitHub lists at most 3,000 files of a pull request.
  const page = paginate(files.slice(0, 3000), c.url);
  const headSha = fakeSha(`pull:${pull}`);
  return json(
    200,
    page.items.map((f) => diffEntry(c.site, headSha, f)),
    page.link,
  );
};

const compare: Handler = (c) => {
  const basehead = c.params.basehead ?? '';
  const parts = basehead.split('...');
  const files = c.state.compares.get(basehead);
  if (parts.length !== 2 || !files) return json(404, ghError('Not Found'));
  const page = Number(c.url.searchParams.get('page') ?? 1);
  // Files come with the first page only, at most 300 of them.
  return json(
    200,
    comparison(c.site, parts[0] ?? '', parts[1] ?? '', page > 1 ? undefined : files.slice(0, 300)),
  );
};

export const repoRoutes: Record<string, Handler> = {
  'pulls/list-files': listPullFiles,
  'repos/compare-commits-with-basehead': compare,
};
