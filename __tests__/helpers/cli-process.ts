/**
 * Runs the built `flakegate` command as a user does: `node dist/cli.js ...` in
 * a child process, with its exit status, stdout and stderr.
 *
 * `buildCli()` rebuilds dist/ from src/ (what `npm run build` runs) so the
 * bundle under test is never stale, then copies the bundle to a private
 * folder: other people may rebuild dist/ while the tests run (the build
 * empties dist/ first), and a test must not fail because a file vanished
 * under it. The copy is byte for byte the dist/ that ships.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = path.join(REPO, 'examples', 'conversations');

export interface CliBuild {
  /** Path of the bundled cli.js to run. */
  cli: string;
  cleanup(): Promise<void>;
}

export async function buildCli(): Promise<CliBuild> {
  // process.execPath is the Node 24 that runs vitest (from node_modules/.bin), which runs .ts.
  await promisify(execFile)(process.execPath, ['scripts/build.ts'], { cwd: REPO });
  const dir = await mkdtemp(path.join(tmpdir(), 'flakegate-e2e-dist-'));
  await cp(path.join(REPO, 'dist'), dir, { recursive: true });
  return {
    cli: path.join(dir, 'cli.js'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  cli: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface CliOption {
  name: string;
  type: 'string' | 'boolean';
}

/**
 * The options table of each command, read from src/cli.ts's `COMMANDS` object
 * with the TypeScript parser (the module runs the CLI when imported, so it
 * cannot be imported here).
 */
export async function cliOptionTables(): Promise<Record<string, CliOption[]>> {
  const text = await readFile(path.join(REPO, 'src', 'cli.ts'), 'utf8');
  const source = ts.createSourceFile('cli.ts', text, ts.ScriptTarget.Latest, true);
  let commands: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === 'COMMANDS' &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      commands = node.initializer;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!commands) throw new Error('src/cli.ts: no COMMANDS object literal found');
  const name = (p: ts.ObjectLiteralElementLike) =>
    p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
  const tables: Record<string, CliOption[]> = {};
  for (const cmd of commands.properties) {
    if (!ts.isPropertyAssignment(cmd) || !ts.isObjectLiteralExpression(cmd.initializer)) continue;
    const options = cmd.initializer.properties.find((p) => name(p) === 'options');
    if (!options || !ts.isPropertyAssignment(options)) continue;
    if (!ts.isObjectLiteralExpression(options.initializer)) continue;
    tables[name(cmd)!] = options.initializer.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) {
        throw new Error(`src/cli.ts: option ${p.getText(source)} is not a literal`);
      }
      const type = p.initializer.properties.find((q) => name(q) === 'type');
      const value =
        type && ts.isPropertyAssignment(type) && ts.isStringLiteral(type.initializer)
          ? type.initializer.text
          : undefined;
      if (value !== 'string' && value !== 'boolean') {
        throw new Error(`src/cli.ts: option ${name(p)} has no literal type`);
      }
      return { name: name(p)!, type: value };
    });
  }
  return tables;
}
