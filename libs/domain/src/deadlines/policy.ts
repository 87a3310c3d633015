// The deadline policy as versioned data: for each rule its length, unit (working or calendar days, months),
// reminder offsets before the due date and escalation chain after it. Defaults come from domain.md
// (libs/domain/data/deadline-policy.json); rules marked confidence "I" are settings, not statute.
import { bundledData } from '../bundled-data';
import { asArray, asNonNegativeInt, asObject, asOneOf, asString, fail } from '../catalogue/validate';
import { DomainError } from '../errors';
import { deepFreeze } from '../freeze';
import { type DeadlineUnit } from '../case/state';
import { localTimeToInstant } from '../time';

export const DEADLINE_RULE_IDS = [
  'assignment',
  'clarification',
  'recommendation_follow_up',
  'first_summons',
  'second_summons',
  'hearing',
  'bap',
  'majelis_recommendation',
  'decision',
  'delivery',
  'keberatan_window',
  'banding_window',
  'keberatan_decision',
  'banding_ppk_answer',
  'banding_decision',
  'sanction_period',
] as const;
export type DeadlineRuleId = (typeof DEADLINE_RULE_IDS)[number];

/**
 * Rules added after policy 2025.1: a policy without them (fixed in a case started earlier) simply has no
 * such deadline, so running cases keep the timers they were started with.
 */
const OPTIONAL_RULES: ReadonlySet<DeadlineRuleId> = new Set(['hearing', 'bap']);

export function hasRule(policy: DeadlinePolicy, id: DeadlineRuleId): boolean {
  return policy.rules.some((r) => r.id === id);
}

export const RECIPIENT_ROLES = [
  'case_officer',
  'supervisor',
  'ppk',
  'supervisory_body',
  'bkpsdm',
  'inspektorat',
] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface EscalationStep {
  step: number;
  recipientRole: RecipientRole;
  /** How many units (of the rule's unit) after the due date this step fires; 0 = when the deadline passes. */
  after: number;
}

/** What the workflow does when the due time arrives: escalate, or issue a system command. */
export type OnDue = 'escalate' | 'MarkSanctionInForce' | 'MarkSanctionPeriodServed';

export interface DeadlineRule {
  id: DeadlineRuleId;
  name: string;
  gloss: string;
  /** null only for sanction_period, whose length comes from the decision. */
  length: number | null;
  unit: DeadlineUnit;
  reminderOffsets: number[];
  escalation: EscalationStep[];
  onDue: OnDue;
  /** Commands that meet the deadline (for display; the state decides when it closes). */
  expects: string[];
  confidence: 'C' | 'S' | 'I';
  legalBasis: string;
}

export interface DeadlinePolicy {
  version: string;
  parameters: {
    /** Summons must reach the ASN at least this many working days before the hearing (PP 94/2021). */
    summonsMinimumNoticeWorkingDays: number;
    /**
     * Without a keberatan the sanction is in force on this working day after receipt (PerBKN 6/2022 Ps 50(1)
     * [S]: the 15th). Null only in policies before 2026.1, which used `inForceDaysAfterObjectionWindow`.
     */
    inForceOnWorkingDayAfterReceipt: number | null;
    /** Policies before 2026.1: calendar days after the window's last day [I]; kept so their cases replay. */
    inForceDaysAfterObjectionWindow: number | null;
    /** A fact dated more than this many days before it is recorded needs a supervisor's reason [I]. */
    backdatingHorizonDays: number;
    /** Local wall-clock time reminders go out, HH:mm. */
    reminderTimeOfDay: string;
  };
  rules: DeadlineRule[];
}

export function parseDeadlinePolicy(json: unknown): DeadlinePolicy {
  const root = asObject(json, 'deadline policy');
  const parameters = asObject(root.parameters, 'parameters');
  const reminderTimeOfDay = asString(parameters.reminderTimeOfDay, 'parameters.reminderTimeOfDay');
  localTimeToInstant('2000-01-01', reminderTimeOfDay); // validates HH:mm
  const rules = asArray(root.rules, 'rules').map((raw, i): DeadlineRule => {
    const r = asObject(raw, `rules[${i}]`);
    const at = (field: string) => `rules[${i}].${field}`;
    const unit = asOneOf(r.unit, ['working_days', 'calendar_days', 'months'] as const, at('unit'));
    const id = asOneOf(r.id, DEADLINE_RULE_IDS, at('id'));
    const length =
      r.length === null && id === 'sanction_period' ? null : asNonNegativeInt(r.length, at('length'));
    const escalation = asArray(r.escalation, at('escalation')).map((e, j): EscalationStep => {
      const step = asObject(e, `${at('escalation')}[${j}]`);
      return {
        step: asNonNegativeInt(step.step, `${at('escalation')}[${j}].step`),
        recipientRole: asOneOf(
          step.recipientRole,
          RECIPIENT_ROLES,
          `${at('escalation')}[${j}].recipientRole`,
        ),
        after: asNonNegativeInt(step.after, `${at('escalation')}[${j}].after`),
      };
    });
    escalation.forEach((step, j) => {
      if (step.step !== j + 1) fail(at('escalation'), 'steps must be numbered 1, 2, 3 … in order');
      if (j > 0 && step.after < escalation[j - 1].after)
        fail(at('escalation'), 'steps must not go back in time');
    });
    return {
      id,
      name: asString(r.name, at('name')),
      gloss: asString(r.gloss, at('gloss')),
      length,
      unit,
      reminderOffsets: asArray(r.reminderOffsets, at('reminderOffsets')).map((o, j) =>
        asNonNegativeInt(o, `${at('reminderOffsets')}[${j}]`),
      ),
      escalation,
      onDue: asOneOf(
        r.onDue,
        ['escalate', 'MarkSanctionInForce', 'MarkSanctionPeriodServed'] as const,
        at('onDue'),
      ),
      expects: asArray(r.expects, at('expects')).map((c, j) => asString(c, `${at('expects')}[${j}]`)),
      confidence: asOneOf(r.confidence, ['C', 'S', 'I'] as const, at('confidence')),
      legalBasis: asString(r.legalBasis, at('legalBasis')),
    };
  });
  for (const id of DEADLINE_RULE_IDS) {
    const count = rules.filter((r) => r.id === id).length;
    if (count > 1 || (count === 0 && !OPTIONAL_RULES.has(id))) {
      fail('rules', `exactly one rule ${id} is required`);
    }
  }
  if (
    parameters.inForceOnWorkingDayAfterReceipt == null &&
    parameters.inForceDaysAfterObjectionWindow == null
  ) {
    fail(
      'parameters',
      'inForceOnWorkingDayAfterReceipt (or, before 2026.1, inForceDaysAfterObjectionWindow)',
    );
  }
  return {
    version: asString(root.version, 'version'),
    parameters: {
      summonsMinimumNoticeWorkingDays: asNonNegativeInt(
        parameters.summonsMinimumNoticeWorkingDays,
        'parameters.summonsMinimumNoticeWorkingDays',
      ),
      inForceOnWorkingDayAfterReceipt: optionalInt(parameters, 'inForceOnWorkingDayAfterReceipt'),
      inForceDaysAfterObjectionWindow: optionalInt(parameters, 'inForceDaysAfterObjectionWindow'),
      backdatingHorizonDays:
        optionalInt(parameters, 'backdatingHorizonDays') ?? DEFAULT_BACKDATING_HORIZON_DAYS,
      reminderTimeOfDay,
    },
    rules,
  };
}

/** Without a setting in the policy (policies before 2026.1), 60 days. */
export const DEFAULT_BACKDATING_HORIZON_DAYS = 60;

function optionalInt(parameters: Record<string, unknown>, field: string): number | null {
  const value = parameters[field];
  return value === undefined || value === null ? null : asNonNegativeInt(value, `parameters.${field}`);
}

/** The policy shipped in libs/domain/data/deadline-policy.json (frozen). */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = deepFreeze(
  parseDeadlinePolicy(bundledData.deadlinePolicy),
);

/** The Indonesian name of a rule (for lists, digests and read models); the id itself when the policy lacks it. */
export function ruleName(policy: DeadlinePolicy, ruleId: string): string {
  return policy.rules.find((r) => r.id === ruleId)?.name ?? ruleId;
}

export function getRule(policy: DeadlinePolicy, id: DeadlineRuleId): DeadlineRule {
  const rule = policy.rules.find((r) => r.id === id);
  if (!rule) throw new DomainError('INVALID_DATA', `policy ${policy.version} has no rule ${id}`);
  return rule;
}
