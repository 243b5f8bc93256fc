/**
 * pytest selects by node id (`path::Class::test[param]`), matched exactly,
 * brackets and all; no regex. JUnit classnames are the node id's path and
 * classes joined by dots, so the id is rebuilt from the file and classname.
 */
import type { RerunTarget } from '../../model/index.ts';
import type { Adapter } from './common.ts';

/** Classes in a classname: what follows the module, else the trailing CapWords segments. */
function classesOf(t: RerunTarget, module: string): string[] {
  const suite = t.suite;
  if (suite === module || suite === '') return [];
  if (module && suite.startsWith(`${module}.`)) return suite.slice(module.length + 1).split('.');
  const parts = suite.split('.');
  let i = parts.length;
  while (i > 1 && /^[A-Z]/.test(parts[i - 1]!)) i--;
  return parts.slice(i);
}

/** The node id, or null when the report gave no module to find the test in. */
export function nodeId(t: RerunTarget): string | null {
  let file = t.file?.endsWith('.py') ? t.file : undefined;
  const module = file ? file.slice(0, -3).replace(/\//g, '.') : '';
  const classes = classesOf(t, module);
  if (!file) {
    // No file attribute (xunit2): the module is the classname before its classes.
    const parts = t.suite.split('.');
    const mod = parts.slice(0, parts.length - classes.length);
    if (mod.length === 0 || mod.some((p) => p === '')) return null;
    file = `${mod.join('/')}.py`;
  }
  return [file, ...classes, t.name].join('::');
}

export const pytest: Adapter = {
  refuse: (t) =>
    nodeId(t) === null ? 'the report names no module (file or classname) for a node id' : null,
  pattern: (tests) => tests.map((t) => nodeId(t) ?? '').join(' '),
  invocation: (tests, ctx) => ({
    argv: [
      'python3',
      '-m',
      'pytest',
      '-p',
      'no:cacheprovider',
      '-p',
      'no:randomly',
      `--junitxml=${ctx.junitPath}`,
      // xunit1 keeps file and line attributes; ingest gives both families one id.
      '-o',
      'junit_family=xunit1',
      // Node ids after `--`, so one that starts with `-` is not an option; pytest runs them in order.
      '--',
      ...[...new Set(tests.map((t) => nodeId(t) ?? ''))],
    ],
    result: { format: 'junit', path: ctx.junitPath },
  }),
  // One pytest process collects and runs everything (pytest-xdist aside).
  sharesProcess: () => true,
  inSuite: true,
};
