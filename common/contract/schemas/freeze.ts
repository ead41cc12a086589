import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDate, IsoDateTime, ShortText } from './common';
import { Acting } from './governance';

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const BusinessDays = z.number().int().min(1, 'at least 1 business day').max(10, 'at most 10 business days');

/** Mirrors common/domain/governance/freeze.ts FreezeRule. */
export const FreezeRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('one-off'), startDate: IsoDate, endDate: IsoDate })
    .refine((r) => r.startDate <= r.endDate, { message: 'the window must not end before it starts', path: ['endDate'] }),
  z.object({ kind: z.literal('month-end'), businessDays: BusinessDays }),
  z.object({ kind: z.literal('quarter-end'), businessDays: BusinessDays }),
  z.object({ kind: z.literal('weekday'), weekday: z.number().int().min(1).max(7) }),
]);
export type FreezeRuleInput = z.infer<typeof FreezeRuleSchema>;
export const FREEZE_KINDS = ['one-off', 'month-end', 'quarter-end', 'weekday'] as const;
export const FREEZE_KIND_LABELS: Readonly<Record<(typeof FREEZE_KINDS)[number], string>> = {
  'one-off': 'One-off dates',
  'month-end': 'Month-end close (last business days)',
  'quarter-end': 'Quarter end (last business days)',
  weekday: 'A weekday every week',
};

export const FreezeWindow = z.object({
  id: Id,
  eventId: Id,
  name: z.string(),
  reason: z.string(),
  rule: FreezeRuleSchema,
  validFrom: IsoDate.nullable(),
  validUntil: IsoDate.nullable(),
  /** The rule in words: "last 3 business days of each month". */
  description: z.string(),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  withdrawn: z.object({ reason: z.string(), by: z.string(), at: IsoDateTime }).nullable(),
});
export type FreezeWindow = z.infer<typeof FreezeWindow>;

/** The window covering a date (the first one created, when several do). */
export const FreezeHit = z.object({ id: Id, name: z.string(), reason: z.string() });
export type FreezeHit = z.infer<typeof FreezeHit>;

export const OVERRIDE_SUBJECTS = ['action', 'change', 'promotion', 'other'] as const;
export const FreezeOverride = z.object({
  id: Id,
  eventId: Id,
  windowId: Id,
  windowName: z.string(),
  subject: z.object({ kind: z.enum(OVERRIDE_SUBJECTS), id: z.string().max(64), label: z.string() }),
  date: IsoDate,
  reason: z.string(),
  memberId: Id,
  name: z.string(),
  at: IsoDateTime,
});
export type FreezeOverride = z.infer<typeof FreezeOverride>;

/** Going ahead inside a freeze window: why, and the facilitator's passphrase. */
export const FreezeOverrideInput = z.object({
  reason: z.string().trim().min(1, 'say why this cannot wait until the freeze ends').max(2000),
  acting: Acting,
});
export type FreezeOverrideInput = z.infer<typeof FreezeOverrideInput>;

/** The six lawful bases of GDPR Article 6(1). */
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
export const LegalBasis = z.enum(LEGAL_BASES);
export type LegalBasis = z.infer<typeof LegalBasis>;
export const LEGAL_BASIS_LABELS: Readonly<Record<LegalBasis, string>> = {
  consent: 'Consent (Art. 6(1)(a))',
  contract: 'Contract (Art. 6(1)(b))',
  'legal-obligation': 'Legal obligation (Art. 6(1)(c))',
  'vital-interests': 'Vital interests (Art. 6(1)(d))',
  'public-task': 'Public task (Art. 6(1)(e))',
  'legitimate-interests': 'Legitimate interests (Art. 6(1)(f))',
};

export const DpaFields = z.object({
  /** The imported dataset (null for data outside the app, named in datasetName). */
  datasetId: Id.nullable(),
  datasetName: z.string().trim().max(200).default(''),
  columns: z.array(z.string().trim().min(1).max(200)).min(1, 'name at least one column').max(200),
  purpose: z.string().trim().min(1, 'say what the data is used for').max(2000),
  legalBasis: LegalBasis,
  retention: z.string().trim().min(1, 'say how long it is kept').max(500),
  processor: ShortText,
});
export type DpaFields = z.infer<typeof DpaFields>;

export const DpaEntry = DpaFields.extend({
  id: Id,
  eventId: Id,
  datasetName: z.string(),
  correctsId: Id.nullable(),
  correctedById: Id.nullable(),
  recordedBy: z.string(),
  createdAt: IsoDateTime,
});
export type DpaEntry = z.infer<typeof DpaEntry>;

export const PersonalColumn = z.object({ datasetId: Id, column: z.string(), personal: z.boolean(), updatedAt: IsoDateTime, updatedBy: z.string() });
export type PersonalColumn = z.infer<typeof PersonalColumn>;

export const freezeMethods = {
  'freeze-list': method(ByEvent, z.array(FreezeWindow)),
  'freeze-create': method(
    z.object({
      eventId: Id,
      name: Name,
      reason: z.string().trim().min(1, 'say why changes are frozen').max(2000),
      rule: FreezeRuleSchema,
      validFrom: IsoDate.nullable().default(null),
      validUntil: IsoDate.nullable().default(null),
    }),
    FreezeWindow,
  ),
  /** Ends a window (it stays in the record); needs the acting person's passphrase. */
  'freeze-withdraw': method(z.object({ id: Id, reason: z.string().trim().min(1, 'say why').max(2000), acting: Acting }), FreezeWindow),
  'freeze-at': method(z.object({ eventId: Id, date: IsoDate }), FreezeHit.nullable()),
  /** Every day of a month (YYYY-MM) with the windows covering it. */
  'freeze-month': method(
    z.object({ eventId: Id, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM') }),
    z.array(z.object({ date: IsoDate, windows: z.array(FreezeHit) })),
  ),
  'freeze-override-list': method(ByEvent, z.array(FreezeOverride)),
  /** Records going ahead inside a window: the facilitator's passphrase and a reason. */
  'freeze-override-create': method(
    FreezeOverrideInput.extend({
      eventId: Id,
      date: IsoDate,
      subject: z.object({ kind: z.enum(OVERRIDE_SUBJECTS), id: z.string().max(64), label: z.string().trim().min(1).max(300) }),
    }),
    FreezeOverride,
  ),
} as const;

export const dpaMethods = {
  'dpa-list': method(ByEvent, z.array(DpaEntry)),
  /** Adds an entry; with `correctsId` it is a correction of an earlier one (nothing is edited). */
  'dpa-create': method(z.object({ eventId: Id, fields: DpaFields, correctsId: Id.nullable().default(null) }), DpaEntry),
  'dpa-personal-list': method(z.object({ datasetId: Id }), z.array(PersonalColumn)),
  /** Marks or unmarks a dataset column as personal data (logged; marking one creates the "Review the DPA" action once). */
  'dpa-personal-set': method(z.object({ datasetId: Id, column: z.string().min(1).max(200), personal: z.boolean() }), PersonalColumn),
} as const;

