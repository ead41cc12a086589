import type { GuardrailCheck } from './evaluate';

/** XML 1.0 text or attribute value: & < > " ' escaped, characters XML cannot hold (C0 controls but tab/LF/CR, lone surrogates) replaced by U+FFFD. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- removing the control characters XML 1.0 cannot hold is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one <testsuite> holding one <testcase>
 * per check (classname `kaizen.guardrails.<kind>`); a failed check has <failure message="…" type="…">, a check
 * without data is <skipped message="…"/>; the detail is also in <system-out>. Every value is XML-escaped.
 */
export function junitXml(suite: string, checks: readonly GuardrailCheck[], timestamp: string, seconds = 0): string {
  const failures = checks.filter((c) => c.status === 'fail').length;
  const skipped = checks.filter((c) => c.status === 'no-data').length;
  const head = `tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds.toFixed(3)}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlEscape(suite)}" ${head}>`, `  <testsuite name="${xmlEscape(suite)}" ${head} timestamp="${xmlEscape(timestamp)}">`];
  for (const c of checks) {
    const open = `    <testcase classname="kaizen.guardrails.${c.kind}" name="${xmlEscape(c.name)}" time="0">`;
    const value = c.value === null ? 'no value' : String(c.value);
    const limit = c.limit === null ? 'none' : String(c.limit);
    if (c.status === 'fail') lines.push(open, `      <failure message="${xmlEscape(c.detail)}" type="${c.kind}">${xmlEscape(`value ${value}, limit ${limit}: ${c.detail}`)}</failure>`);
    else if (c.status === 'no-data') lines.push(open, `      <skipped message="${xmlEscape(c.detail)}"/>`);
    else lines.push(open);
    lines.push(`      <system-out>${xmlEscape(`value ${value}, limit ${limit}: ${c.detail}`)}</system-out>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** An OpenMetrics metric name: [a-zA-Z_:][a-zA-Z0-9_:]*, lower case, runs of anything else as one `_`. */
export function metricName(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  return /^[a-z_]/.test(s) ? s : `_${s}`;
}

/** A label value inside double quotes: backslash, double quote and line feed escaped (OpenMetrics ABNF). */
export function labelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n');
}

/** A HELP text: backslash and line feed escaped. */
function helpText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n|\r/g, '\\n');
}

function sampleValue(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(x);
}

export type KpiMetric = Readonly<{
  name: string;
  unit: string;
  direction: 'lower' | 'higher';
  /** Latest value and its bucket date, or null when the KPI has no data. */
  value: number | null;
  date: string | null;
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  target: number | null;
  alertThreshold: number | null;
  stage: string | null;
}>;

/**
 * The KPIs' latest values and limits in the OpenMetrics text format: one gauge family per KPI named
 * `kaizen_kpi_<name>[_<unit>]` (sanitised, made unique), with samples labelled `stat="value|center|ucl|lcl|target|
 * alert_threshold"` plus `event`, `kpi` (the KPI's own name, escaped) and `direction`; the value sample also has
 * `date`. Absent numbers are left out (no sample) rather than written as NaN. Ends with `# EOF`.
 */
export function openMetricsText(event: string, kpis: readonly KpiMetric[]): string {
  const lines: string[] = [];
  const used = new Set<string>();
  for (const k of kpis) {
    const unit = metricName(k.unit);
    let base = `kaizen_kpi_${metricName(k.name).replace(/^_/, '')}`;
    if (unit !== '_' && unit !== '' && !base.endsWith(`_${unit}`)) base += `_${unit}`;
    let family = base;
    for (let i = 2; used.has(family); i++) family = `${base}_${i}`;
    used.add(family);
    lines.push(`# TYPE ${family} gauge`, `# HELP ${family} ${helpText(`${k.name}${k.unit ? ` (${k.unit})` : ''}: latest value, held control limits (stage ${k.stage ?? 'none'}), target and alert threshold; ${k.direction} is better`)}`);
    const labels = (stat: string, extra = '') => `{event="${labelValue(event)}",kpi="${labelValue(k.name)}",direction="${k.direction}",stat="${stat}"${extra}}`;
    const add = (stat: string, v: number | null, extra = '') => {
      if (v !== null) lines.push(`${family}${labels(stat, extra)} ${sampleValue(v)}`);
    };
    add('value', k.value, k.date ? `,date="${labelValue(k.date)}"` : '');
    add('center', k.center);
    add('ucl', k.ucl);
    add('lcl', k.lcl);
    add('target', k.target);
    add('alert_threshold', k.alertThreshold);
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
