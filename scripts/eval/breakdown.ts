/**
 * Where flakegate goes wrong, for tuning the engine: missed regressions
 * (regression commits not graded HIGH) and false HIGHs (commits with failures
 * but no regression graded HIGH), each broken down by scenario dimension
 * (miss rate per value, so a dimension where every value misses alike is
 * visibly not the cause) and grouped into patterns with one worked example:
 * the truth of each failure next to flakegate's class, pRegression, evidence
 * and ledger.
 */
import type { CaseRecord, FailureSummary } from './score.ts';
import { markdownTable, fmt } from './table.ts';
import type { FailureTruth } from './truth.ts';

/** Dimension -> the case's value(s); a commit with two regressions counts under both routes. */
type Dims = Record<string, string | string[]>;

function changeLabel(r: CaseRecord): string {
  const kind =
    r.change.variant === undefined ? r.change.kind : `${r.change.kind}/${r.change.variant}`;
  return r.scenario.changeKnown ? kind : `unknown (was ${kind})`;
}

function historyLabel(n: number): string {
  return n === 0 ? 'none' : `${n} runs`;
}

function rerunLabel(r: CaseRecord): string {
  return r.scenario.lostShard ? `${r.scenario.reruns} + lost shard` : r.scenario.reruns;
}

function commonDims(r: CaseRecord): Dims {
  return {
    change: changeLabel(r),
    reruns: rerunLabel(r),
    history: historyLabel(r.scenario.historyRuns),
    'job re-run': r.jobRerun ? 'yes' : 'no',
    'head report unreadable': r.scenario.unreadableHead ? 'yes' : 'no',
    'infrastructure failure': r.infraHit ? 'yes' : 'no',
  };
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort();
}

function historyBucket(n: number): string {
  return n === 0 ? 'no history' : n < 20 ? 'short history' : 'history';
}

function rerunBucket(r: CaseRecord): string {
  if (r.scenario.reruns === 'none') return 'no reruns';
  return r.scenario.lostShard ? 'reruns, shard lost' : r.scenario.reruns;
}

export function regressionDims(r: CaseRecord): Dims {
  const regs = r.truth.failures.filter((f) => f.regression);
  const det = regs.filter((f) => f.q === 1).length;
  return {
    route: uniq(regs.map((f) => f.route ?? '?')),
    mode: det === regs.length ? 'deterministic' : det === 0 ? 'intermittent' : 'mixed',
    message: uniq(regs.map((f) => f.regressionKind ?? '?')),
    'regressed tests': regs.length === 1 ? '1' : regs.length <= 3 ? '2-3' : '4+',
    'regressed test flaky by nature': regs.some((f) => f.rate !== undefined) ? 'yes' : 'no',
    visibility: regs.some((f) => f.visible) ? 'visible' : 'only in an unreadable report',
    'other failures': orNone(uniq(r.truth.failures.filter((f) => !f.regression).map(causeLabel))),
    ...commonDims(r),
  };
}

function orNone(xs: string[]): string[] {
  return xs.length === 0 ? ['none'] : xs;
}

export function causeLabel(f: FailureTruth): string {
  switch (f.cause) {
    case 'flaky':
      return f.historyFailures > 0 ? 'flaky (on record)' : 'flaky (first time in window)';
    case 'broken-before':
      return f.historyFailures > 0
        ? 'broken-before (in history)'
        : 'broken-before (not in history)';
    default:
      return f.cause;
  }
}

export function cleanDims(r: CaseRecord): Dims {
  const n = r.truth.failures.length;
  return {
    causes: uniq(r.truth.failures.map(causeLabel)),
    'failing tests': n === 1 ? '1' : n <= 3 ? '2-3' : n <= 10 ? '4-10' : '11+',
    ...commonDims(r),
  };
}

interface Tally {
  total: number;
  missed: number;
}

function dimensionTable(
  all: readonly CaseRecord[],
  isMiss: (r: CaseRecord) => boolean,
  dims: (r: CaseRecord) => Dims,
): string {
  const by = new Map<string, Map<string, Tally>>();
  for (const r of all) {
    const miss = isMiss(r);
    for (const [dim, values] of Object.entries(dims(r))) {
      const m = by.get(dim) ?? new Map<string, Tally>();
      for (const value of typeof values === 'string' ? [values] : values) {
        const t = m.get(value) ?? { total: 0, missed: 0 };
        t.total++;
        if (miss) t.missed++;
        m.set(value, t);
      }
      by.set(dim, m);
    }
  }
  const rows: string[][] = [];
  for (const [dim, values] of by) {
    const hit = [...values]
      .filter(([, t]) => t.missed > 0)
      .sort((a, b) => b[1].missed - a[1].missed);
    for (const [value, t] of hit)
      rows.push([dim, value, `${t.missed}/${t.total}`, fmt(t.missed / t.total, 2)]);
  }
  return rows.length === 0
    ? '(none)'
    : markdownTable(['dimension', 'value', 'missed/total', 'rate'], rows);
}

function shortId(id: string): string {
  return id.replace(/^vitest:/, '');
}

function truthText(f: FailureTruth | undefined): string {
  if (f === undefined) return 'truth: not a head failure';
  const parts = [`truth: ${f.cause}`];
  if (f.regression) parts.push(`route ${f.route}`, `q ${fmt(f.q ?? 1, 2)}`, f.regressionKind ?? '');
  if (f.rate !== undefined) parts.push(`flake rate ${fmt(f.rate, 3)}`);
  parts.push(`failed ${f.historyFailures} history runs`);
  if (f.newTest) parts.push('new test');
  if (!f.visible) parts.push('HIDDEN in unreadable report');
  return parts.join(', ');
}

function evidenceText(s: FailureSummary): string {
  const e = s.evidence;
  const pf = (x: { passed: number; failed: number }): string =>
    x.passed + x.failed === 0 ? '-' : `${x.failed}F/${x.passed}P`;
  const h = e.history;
  return (
    `same ${pf(e.sameCommit)}, isolated ${pf(e.isolated)}, in-suite ${pf(e.inSuite)}, ` +
    `history ${h.runs} runs ${h.failed} failed ${h.flakeEvents} flake events, changed ${String(e.changed)}`
  );
}

function ledgerText(s: FailureSummary): string {
  return s.ledger
    .filter((l) => l.effect !== 0)
    .map((l) => `${l.factor} ${l.effect >= 0 ? '+' : ''}${l.effect.toFixed(2)}`)
    .join('; ');
}

/** A worked example: the case's scenario, then each kept verdict failure with its truth. */
export function example(r: CaseRecord, method: string): string {
  const lines = [
    `case ${r.index}: graded ${r.methods[method]?.risk ?? 'error'}, true ${r.truth.risk}; ` +
      `change ${changeLabel(r)} [${r.change.changed.join(' ') || 'nothing'}]; reruns ${rerunLabel(r)}; ` +
      `history ${historyLabel(r.scenario.historyRuns)}; ${r.truth.failures.length} failing tests` +
      (r.truth.latentRegressions > 0 ? `; ${r.truth.latentRegressions} latent regressions` : ''),
  ];
  const truth = new Map(r.truth.failures.map((f) => [f.testId, f]));
  for (const s of r.miss?.failures ?? []) {
    lines.push(
      `  - ${shortId(s.id)}`,
      `      ${truthText(truth.get(s.id))}`,
      `      flakegate: ${s.cls} p=${fmt(s.p)} ${s.category}${s.newTest === true ? ' new-test' : ''}; ${evidenceText(s)}`,
      `      ledger: ${ledgerText(s) || '(no factors)'}`,
    );
  }
  if ((r.miss?.more ?? 0) > 0) lines.push(`  - ... ${r.miss?.more} more failures`);
  const missing = r.truth.failures.filter(
    (f) => f.regression && !(r.miss?.failures ?? []).some((s) => s.id === f.testId),
  );
  for (const f of missing.slice(0, 3))
    lines.push(`  - ${shortId(f.testId)} (no verdict kept) ${truthText(f)}`);
  for (const reason of r.miss?.reasons ?? []) lines.push(`  reason: ${reason}`);
  return lines.join('\n');
}

function patterns(
  misses: readonly CaseRecord[],
  key: (r: CaseRecord) => string,
  method: string,
  top: number,
): string {
  const groups = new Map<string, CaseRecord[]>();
  for (const r of misses) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length).slice(0, top);
  return sorted
    .map(([k, rs], i) => {
      const ids = rs.slice(0, 8).map((r) => r.index);
      const more = rs.length > ids.length ? ', ...' : '';
      return `${i + 1}. ${rs.length} x ${k} (cases ${ids.join(', ')}${more})\n${example(rs[0] as CaseRecord, method)}`;
    })
    .join('\n\n');
}

const join = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join(' + ') : (v ?? '');

/** Pattern of a missed regression: coarse enough that patterns repeat. */
export function regressionKey(r: CaseRecord): string {
  const d = regressionDims(r);
  const known = r.scenario.changeKnown ? 'change known' : 'change unknown';
  return [
    `route ${join(d.route)}`,
    join(d.mode),
    known,
    rerunBucket(r),
    historyBucket(r.scenario.historyRuns),
  ].join(' | ');
}

/** Pattern of a false HIGH (or a wrong level on a clean commit). */
export function cleanKey(r: CaseRecord): string {
  const d = cleanDims(r);
  const extra = [
    r.infraHit ? 'infrastructure failure' : '',
    r.scenario.unreadableHead ? 'unreadable report' : '',
  ];
  return [
    join(d.causes),
    rerunBucket(r),
    historyBucket(r.scenario.historyRuns),
    ...extra.filter(Boolean),
  ].join(' | ');
}

export function breakdown(records: readonly CaseRecord[], method: string, top = 10): string {
  const risk = (r: CaseRecord) => r.methods[method]?.risk;
  const regression = records.filter(
    (r) => r.truth.regression && risk(r) !== null && risk(r) !== undefined,
  );
  const clean = records.filter(
    (r) => !r.truth.regression && r.truth.failures.length > 0 && risk(r) != null,
  );
  const missed = (r: CaseRecord): boolean => risk(r) !== 'HIGH';
  const falseHigh = (r: CaseRecord): boolean => risk(r) === 'HIGH';
  const out: string[] = [];
  const m = regression.filter(missed);
  out.push(
    `### Missed regressions: ${m.length} of ${regression.length} regression commits not HIGH ` +
      `(${m.filter((r) => risk(r) === 'NONE' || risk(r) === 'LOW').length} graded NONE/LOW)`,
    '',
    dimensionTable(regression, missed, regressionDims),
    '',
  );
  if (m.length > 0)
    out.push(
      `Top patterns (count x pattern, then one example):`,
      '',
      patterns(m, regressionKey, method, top),
      '',
    );
  const f = clean.filter(falseHigh);
  out.push(
    `### False HIGH: ${f.length} of ${clean.length} commits with failures and no regression`,
    '',
    dimensionTable(clean, falseHigh, cleanDims),
    '',
  );
  if (f.length > 0) out.push(`Top patterns:`, '', patterns(f, cleanKey, method, top), '');
  // Under-grading of clean commits (MEDIUM truth graded LOW) and over-grading (LOW graded MEDIUM): accuracy, not safety.
  const lowAsMedium = records.filter((r) => r.truth.risk === 'LOW' && risk(r) === 'MEDIUM');
  const mediumAsLow = records.filter(
    (r) => r.truth.risk === 'MEDIUM' && (risk(r) === 'LOW' || risk(r) === 'NONE'),
  );
  out.push(
    `### Accuracy: ${lowAsMedium.length} LOW commits graded MEDIUM, ${mediumAsLow.length} MEDIUM commits graded LOW/NONE`,
    '',
  );
  if (lowAsMedium.length > 0)
    out.push(
      'LOW graded MEDIUM, top patterns:',
      '',
      patterns(lowAsMedium, cleanKey, method, 3),
      '',
    );
  if (mediumAsLow.length > 0)
    out.push(
      'MEDIUM graded LOW/NONE, top patterns:',
      '',
      patterns(mediumAsLow, cleanKey, method, 3),
      '',
    );
  return out.join('\n');
}
