import { parseDocument, type YAMLError } from 'yaml';

/**
 * Largest config file read, in bytes. Not the 1 MB one might expect: the yaml
 * package spends roughly quadratic time on deeply nested flow collections
 * (`[[[[...`), measured at ~0.5 s for 64 KiB but ~17 s for 1 MiB, and a pull
 * request can edit the config the gate reads. A real config is under 2 KiB.
 */
export const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * Aliases expanded at most while building the value: guards against "billion
 * laughs" bombs, where a few nested aliases expand to gigabytes. A config
 * needs few or none, so 100 refuses nothing real.
 */
export const MAX_ALIAS_COUNT = 100;

/** YAML problems reported per file: past the first few they are mostly echoes of the first. */
const MAX_YAML_ERRORS = 3;

/**
 * Reads one YAML document into plain data (null when the file is empty or only
 * comments). Errors read `<source>:<line>:<column>: invalid YAML: <what>`.
 */
export function parseYaml(text: string, source: string): { data: unknown } | { errors: string[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    return {
      errors: [
        `${source}: file is ${bytes} bytes; a config file may be at most ${MAX_CONFIG_BYTES}`,
      ],
    };
  }
  try {
    const doc = parseDocument(text);
    // Warnings count too: an unresolved tag such as `!custom 0.2` silently
    // turns the value into a string, which the schema would then report less clearly.
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) return { errors: yamlErrors(problems, source) };
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (err) {
    // toJS throws a ReferenceError when the alias count is exceeded.
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      return {
        errors: [
          `${source}: refused: YAML aliases expand past ${MAX_ALIAS_COUNT} nodes (an alias bomb?); write the values out instead`,
        ],
      };
    }
    return { errors: [`${source}: could not be read as YAML: ${message}`] };
  }
}

function yamlErrors(problems: YAMLError[], source: string): string[] {
  const shown = problems.slice(0, MAX_YAML_ERRORS).map((e) => {
    const pos = e.linePos?.[0];
    const where = pos === undefined ? source : `${source}:${pos.line}:${pos.col}`;
    // The package's message repeats the position and appends a code frame.
    const what = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return `${where}: invalid YAML: ${what}`;
  });
  const more = problems.length - shown.length;
  if (more > 0) shown.push(`${source}: ... and ${more} more YAML problem${more === 1 ? '' : 's'}`);
  return shown;
}
