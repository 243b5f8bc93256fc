/**
 * dotnet test with a VSTest filter on the fully qualified name. NUnit puts a
 * case's arguments in it (`Ns.Cls.M(1,"a")`, as the report's name does);
 * xUnit gives every case of a theory the bare method's name, so a name with
 * arguments matches either, exactly.
 */
import type { RerunTarget } from '../../model/index.ts';
import { escapeVstest } from '../regex.ts';
import type { Adapter } from './common.ts';

const methodOf = (name: string): string => name.split('(')[0]!.trim();

function condition(t: RerunTarget): string {
  const exact = `FullyQualifiedName=${escapeVstest(`${t.suite}.${t.name}`)}`;
  const method = methodOf(t.name);
  if (method === t.name) return exact;
  return `${exact}|FullyQualifiedName=${escapeVstest(`${t.suite}.${method}`)}`;
}

const pattern = (tests: RerunTarget[]): string => [...new Set(tests.map(condition))].join('|');

/** The root namespace, which usually names the test assembly (one testhost process each). */
const rootNamespace = (t: RerunTarget): string => t.suite.split('.')[0]!;

export const dotnet: Adapter = {
  refuse: (t) => {
    if (t.suite === '') return 'the report names no class';
    return methodOf(t.name) === '' ? 'the name has no method part' : null;
  },
  pattern,
  invocation: (tests, ctx) => {
    // The logger's parameters are separated by ';'.
    if (ctx.junitPath.includes(';'))
      throw new Error('the JUnit logger cannot write a path with ";"');
    return {
      argv: [
        'dotnet',
        'test',
        '--filter',
        pattern(tests),
        '--logger',
        `junit;LogFilePath=${ctx.junitPath}`,
      ],
      result: { format: 'junit', path: ctx.junitPath },
    };
  },
  sharesProcess: (a, b) => rootNamespace(a) === rootNamespace(b),
  inSuite: true,
};
