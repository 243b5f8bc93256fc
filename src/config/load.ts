import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG, type Config } from '../assess/config.ts';
import { parseConfig } from './schema.ts';
import { MAX_CONFIG_BYTES } from './yaml.ts';

/** Looked for, relative to the working directory, when no --config is given. */
export const DEFAULT_CONFIG_PATHS = ['.github/flakegate.yml', '.github/flakegate.yaml'] as const;

export interface LoadedConfig {
  /**
   * The config to use. When `errors` is not empty it is only the defaults, so
   * the type stays simple: callers must stop instead, as a gate silently
   * running on thresholds other than the ones written down would mislead.
   */
  config: Config;
  /** The file read, as given (or as the default path), or null when none was. */
  source: string | null;
  errors: string[];
}

/**
 * Reads the config: `path` (from --config) must exist; without it
 * `.github/flakegate.yml` or `.yaml` is read if present, else the defaults apply.
 */
export async function loadConfig(opts: { path?: string; cwd: string }): Promise<LoadedConfig> {
  if (opts.path !== undefined) return load(opts.path, opts.cwd, true);
  const present: string[] = [];
  for (const path of DEFAULT_CONFIG_PATHS) {
    // A stat error (e.g. EACCES) counts as present: load() then reports it.
    const found = await kind(resolve(opts.cwd, path)).catch(() => 'other');
    if (found !== 'missing') present.push(path);
  }
  const [only, ...others] = present;
  if (only === undefined) return defaults(null, []);
  if (others.length > 0) {
    // Reading one and ignoring the other would leave the user editing the wrong file.
    return defaults(only, [`${present.join(' and ')} both exist: keep one`]);
  }
  return load(only, opts.cwd, false);
}

async function load(path: string, cwd: string, explicit: boolean): Promise<LoadedConfig> {
  const full = resolve(cwd, path);
  try {
    const found = await kind(full);
    if (found === 'missing') {
      return defaults(path, [
        `${path}: config file not found${explicit ? ' (given by --config)' : ''}`,
      ]);
    }
    // Checked before opening: opening a FIFO would block until someone writes to it.
    if (found !== 'file') return defaults(path, [`${path}: not a regular file`]);
    const text = await readAtMost(full, MAX_CONFIG_BYTES);
    if (text === undefined) {
      return defaults(path, [
        `${path}: larger than ${MAX_CONFIG_BYTES} bytes; a config file is small`,
      ]);
    }
    const parsed = parseConfig(text, path);
    return 'errors' in parsed
      ? defaults(path, parsed.errors)
      : { config: parsed.config, source: path, errors: [] };
  } catch (err) {
    return defaults(path, [
      `${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
}

async function kind(full: string): Promise<'missing' | 'file' | 'other'> {
  try {
    return (await stat(full)).isFile() ? 'file' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/**
 * The file as UTF-8, or undefined when it holds more than `max` bytes. Reads
 * at most max + 1 bytes whatever the file's size, even if it grows meanwhile.
 */
async function readAtMost(full: string, max: number): Promise<string | undefined> {
  const handle = await open(full, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

function defaults(source: string | null, errors: string[]): LoadedConfig {
  return { config: structuredClone(DEFAULT_CONFIG), source, errors };
}
