import { format, parseISO } from 'date-fns';
import { MIN_EVIDENCE_POINTS } from '../../../common/contract/schemas/actions';
import type { ActionEvidence, ExpectedEffect, KaizenAction } from '../../../common/contract/schemas/actions';
import { isAppError } from '../../../common/contract/errors';
import type { Kpi } from '../../../common/contract/schemas/kpi';
import { compareBeforeAfter } from '../../../common/domain/kpi/beforeAfter';
import { buildChart } from '../../../common/domain/spc/buildChart';
import type { ServiceContext } from '../../context';
import * as kpiRepo from '../../db/repositories/kpi';
import { fromDomain } from '../domainErrors';
import { kpiSeries } from '../kpi/series';
import { testConfigOf } from '../spc/kpiChart';

type ActionLike = Pick<KaizenAction, 'title' | 'expectedEffect' | 'links' | 'doneDate'>;

/** The KPI an expected effect is about: its `kpiId`, else the action's one linked KPI. */
export function evidenceKpiId(a: Pick<KaizenAction, 'expectedEffect' | 'links'>): string | null {
  if (!a.expectedEffect) return null;
  if (a.expectedEffect.kpiId) return a.expectedEffect.kpiId;
  const linked = a.links.filter((l) => l.kind === 'kpi');
  return linked.length === 1 ? linked[0]!.id : null;
}

const day = (d: string) => format(parseISO(d), 'd MMM yyyy');
const num = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2));
const signed = (v: number) => `${v < 0 ? '−' : '+'}${num(Math.abs(v))}`;
const pText = (p: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

export function describeExpected(e: ExpectedEffect, kpiName: string): string {
  const way = e.change < 0 ? 'down' : 'up';
  const unit = e.unit === '%' ? ' %' : e.unit ? ` ${e.unit}` : '';
  return `${kpiName} ${way} by ≥ ${num(Math.abs(e.change))}${unit}`;
}

function pointsWord(kpi: Kpi, n: number): string {
  if (kpi.source.kind === 'manual') return n === 1 ? 'entry' : 'entries';
  return `${kpi.source.bucket}${n === 1 ? '' : 's'}`;
}

/**
 * Whether the action's KPI shows the expected effect after the action's done date, in plain words. Two checks, both
 * needed: (1) an I chart of the KPI's points with limits from the points before the done date held for the points
 * after it (Phase II, the KPI's own tests): at least one signal on the expected side and none on the other; (2) the
 * before/after evidence the KPI board uses (Welch and Mann–Whitney, common/domain/kpi/beforeAfter): the shift is in
 * the expected direction, at least the expected size, with Mann–Whitney p < 0.05. The done day itself is in neither
 * sample (it mixes both). Null when the action has no expected effect on a KPI (then nothing gates verification).
 */
export function actionEvidence(ctx: ServiceContext, a: ActionLike): ActionEvidence | null {
  const effect = a.expectedEffect;
  const kpiId = evidenceKpiId(a);
  if (!effect || !kpiId) return null;
  const kpi = kpiRepo.findKpi(ctx.db, kpiId);
  const name = kpi?.name ?? effect.kpi;
  const base: ActionEvidence = {
    kpiId,
    kpiName: name,
    doneDate: a.doneDate ?? null,
    expected: describeExpected(effect, name),
    actual: null,
    shown: false,
    message: '',
    nBefore: 0,
    nAfter: 0,
    meanBefore: null,
    meanAfter: null,
    percentChange: null,
    mannWhitneyP: null,
    welchP: null,
    held: null,
  };
  const notShown = (message: string, more: Partial<ActionEvidence> = {}): ActionEvidence => ({ ...base, ...more, message });
  if (!kpi) return notShown(`The KPI "${effect.kpi}" no longer exists; link the action to a KPI of this event.`);
  if (effect.change === 0) return notShown(`The expected effect on ${name} has no direction (a change of 0); say how much it should go down or up.`);
  const done = a.doneDate;
  if (!done) return notShown(`"${a.title}" has no done date; the evidence is ${name} after that date. Mark the action done (or set its done date) first.`);
  const series = kpiSeries(ctx, kpi);
  if (series.error) return notShown(`${name}: its data could not be read (${series.error}).`);
  const before = series.points.filter((p) => p.date.slice(0, 10) < done);
  const after = series.points.filter((p) => p.date.slice(0, 10) > done);
  const counts = { nBefore: before.length, nAfter: after.length };
  if (after.length < MIN_EVIDENCE_POINTS) {
    return notShown(`Only ${after.length} ${pointsWord(kpi, after.length)} of ${name} data after the done date (${day(done)}); need ${MIN_EVIDENCE_POINTS}.`, counts);
  }
  if (before.length < MIN_EVIDENCE_POINTS) {
    return notShown(`Only ${before.length} ${pointsWord(kpi, before.length)} of ${name} data before the done date (${day(done)}); need ${MIN_EVIDENCE_POINTS} to set the limits and the "before" sample.`, counts);
  }
  const down = effect.change < 0;
  const ba = compareBeforeAfter(before.map((p) => p.value), after.map((p) => p.value), down ? 'lower' : 'higher', kpi.unit);
  const unit = kpi.unit ? ` ${kpi.unit}` : '';
  const pct = ba.percentChange;
  const shift = effect.unit === '%' ? pct : ba.difference;
  const sizeOk = shift !== null && (down ? shift <= effect.change : shift >= effect.change);
  const wayOk = down ? ba.difference < 0 : ba.difference > 0;
  const testOk = wayOk && ba.mannWhitney.p < 0.05;
  const actual = `${num(ba.meanAfter)}${unit} vs ${num(ba.meanBefore)}${unit} before, shift ${pct !== null ? `${signed(pct)} %` : `${signed(ba.difference)}${unit}`}`;
  const measured = { ...counts, actual, meanBefore: ba.meanBefore, meanAfter: ba.meanAfter, percentChange: pct, mannWhitneyP: ba.mannWhitney.p, welchP: ba.welch.p };

  let held: ActionEvidence['held'] = null;
  let heldText: string;
  try {
    const chart = fromDomain(() =>
      buildChart({
        chart: 'imr',
        subgroups: [...before, ...after].map((p) => ({ label: p.date, values: [p.value], time: p.time })),
        limitsFrom: { from: 1, to: before.length },
        tests: testConfigOf(kpi.chart),
        nsigmas: kpi.chart.nsigmas,
      }),
    );
    const panel = chart.panels[0]!;
    const afterPoints = panel.points.slice(before.length);
    const ref = afterPoints[0]!;
    const good = afterPoints.filter((p) => p.tests.length > 0 && (down ? p.value < p.center : p.value > p.center)).length;
    const bad = afterPoints.filter((p) => p.tests.length > 0 && (down ? p.value > p.center : p.value < p.center)).length;
    held = { center: ref.center, ucl: ref.ucl, lcl: ref.lcl, goodSignals: good, badSignals: bad };
    heldText = `limits held from before (CL ${num(ref.center)}, UCL ${num(ref.ucl)}, LCL ${num(ref.lcl)}${unit}): ${good} of ${after.length} points after signal a shift ${down ? 'down' : 'up'}${bad > 0 ? `, ${bad} signal the other way` : ''}`;
  } catch (e) {
    if (!isAppError(e)) throw e;
    heldText = `limits from before could not be computed (${e.message})`;
  }
  const heldOk = held !== null && held.goodSignals > 0 && held.badSignals === 0;
  const shown = sizeOk && testOk && heldOk;
  const reasons: string[] = [];
  if (!wayOk) reasons.push(`${name} moved ${down ? 'up' : 'down'}, not ${down ? 'down' : 'up'}`);
  else if (!sizeOk) reasons.push(`the shift is smaller than the expected ${num(Math.abs(effect.change))}${effect.unit === '%' ? ' %' : unit}`);
  if (wayOk && ba.mannWhitney.p >= 0.05) reasons.push('a difference this size could be chance (Mann–Whitney p ≥ 0.05)');
  if (!heldOk) reasons.push(held === null ? 'the held limits could not be checked' : held.badSignals > 0 ? 'the held limits signal a shift the other way' : 'no point after the done date signals against the held limits');
  const message =
    `${name} after ${day(done)}: ${actual}, Mann–Whitney p ${pText(ba.mannWhitney.p)} (Welch p ${pText(ba.welch.p)}); ${heldText}` +
    (shown ? ' → verified.' : ` → not shown: ${reasons.join('; ')}.`);
  return { ...base, ...measured, held, shown, message };
}
