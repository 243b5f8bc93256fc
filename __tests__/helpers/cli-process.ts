/**
 * Runs the built `flakegate` command as a user does: `node dist/cli.js ...` in
 * a child process, with its exit status, stdout and stderr.
 *
 * The global setup rebuilds dist/ from src/ (what `npm run build` runs) so the
 * bundle under test is never stale; `buildCli()` copies it to a private
 * folder: other people may rebuild dist/ while the tests run (the build
 * empties dist/ first), and a test must not fail because a file vanished
 * under it. The copy is byte for byte the dist/ that ships.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = path.join(REPO, 'examples', 'conversations');

export interface CliBuild {
  /** Path of the bundled cli.js to run. */
  cli: string;
  cleanup(): Promise<void>;
}

/** A private copy of dist/ (built once per test run by __tests__/global-setup.ts). */
export async function buildCli(): Promise<CliBuild> {
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
  return runNode([cli, ...args], opts.cwd ?? REPO, { ...process.env, NO_COLOR: '1', ...opts.env });
}

/** Runs this Node (24) with `args` and collects the exit status and both streams. */
export function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
 * The options table of each command, read from its module in src/cli/ (the
 * exported `Command` object literal) with the TypeScript parser: importing
 * the CLI would run it.
 */
export async function cliOptionTables(): Promise<Record<string, CliOption[]>> {
  const tables: Record<string, CliOption[]> = {};
  for (const command of ['assess', 'plan', 'rerun', 'inspect']) {
    const file = path.join('src', 'cli', `${command}.ts`);
    const text = await readFile(path.join(REPO, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    let literal: ts.ObjectLiteralExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        node.type?.getText(source) === 'Command' &&
        node.initializer &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        literal = node.initializer;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    if (!literal) throw new Error(`${file}: no exported Command object literal found`);
    const name = (p: ts.ObjectLiteralElementLike) =>
      p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    const options = literal.properties.find((p) => name(p) === 'options');
    if (!options || !ts.isPropertyAssignment(options)) continue;
    if (!ts.isObjectLiteralExpression(options.initializer)) continue;
    tables[command] = options.initializer.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) {
        throw new Error(`${file}: option ${p.getText(source)} is not a literal`);
      }
      const type = p.initializer.properties.find((q) => name(q) === 'type');
      const value =
        type && ts.isPropertyAssignment(type) && ts.isStringLiteral(type.initializer)
          ? type.initializer.text
          : undefined;
      if (value !== 'string' && value !== 'boolean') {
        throw new Error(`${file}: option ${name(p)} has no literal type`);
      }
      return { name: name(p)!, type: value };
    });
  }
  return tables;
}
