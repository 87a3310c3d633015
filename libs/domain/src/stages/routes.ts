// Routes beside the PP 94/2021 procedure (domain.md "Who else can be reported, and where the case goes"):
// a non-ASN or BUMD employee's case is forwarded to the employer and closed as forwarded (UU 7/2017 Ps 455 [S]);
// a referral to Sentra Gakkumdu (election crimes: UU 7/2017 Ps 280, 486, 494; UU 10/2016 Ps 71, 188) is
// recorded with its outcome while the disciplinary track goes on.
import { DomainError } from '../errors';
import { event } from '../case/events';
import {
  CASE_ID_PATTERN,
  CRIMINAL_REFERRAL_OUTCOMES,
  NIP_PATTERN,
  SUPERIOR_LIABILITY_DEADLINE,
} from '../case/vocabulary';
import { type Handlers, close, notBefore, pastDate } from './shared';

export const routeHandlers: Handlers<
  'ForwardToEmployer' | 'RecordCriminalReferral' | 'RecordCriminalReferralOutcome' | 'LinkSuperiorCase'
> = {
  // A direct superior who knew and did not summon is punished more heavily (PP 94/2021 Ps 28 [S]): after the
  // first-summons deadline escalated (the stage table's precondition), a case against the superior is linked.
  LinkSuperiorCase(input, state, context) {
    const linkedCaseId = input.str('linkedCaseId');
    if (!CASE_ID_PATTERN.test(linkedCaseId) || linkedCaseId === state.caseId) {
      throw new DomainError('INVALID_COMMAND', 'linkedCaseId must name another case', {
        field: 'linkedCaseId',
      });
    }
    const superior = input.obj('superior');
    const nip = superior.optStr('nip');
    if (nip !== null && !NIP_PATTERN.test(nip)) {
      throw new DomainError('INVALID_COMMAND', 'superior.nip must be 18 digits', { field: 'superior.nip' });
    }
    const escalation = state.escalations.find((e) =>
      e.deadlineId.startsWith(`${SUPERIOR_LIABILITY_DEADLINE}@`),
    );
    return [
      event('SuperiorCaseLinked', {
        linkedCaseId,
        superior: { name: superior.str('name'), nip, position: superior.str('position') },
        deadlineId: escalation?.deadlineId ?? SUPERIOR_LIABILITY_DEADLINE,
        at: context.now,
      }),
    ];
  },

  ForwardToEmployer(input, state, context) {
    const employer = input.str('employer');
    const letterNumber = input.str('letterNumber');
    // The forwarding letter: not before the report's receipt, not in the future (pastDate).
    const letterDate = pastDate(input, 'letterDate', state, context);
    return [
      event('CaseForwardedToEmployer', { employer, letterNumber, letterDate, at: context.now }),
      close('forwarded', `${employer}: ${letterNumber}`, context),
    ];
  },

  RecordCriminalReferral(input, state, context) {
    const reference = input.str('reference');
    if ((state.criminalReferrals ?? []).some((r) => r.reference === reference)) {
      throw new DomainError('INVALID_COMMAND', `referral ${reference} is already recorded`, {
        field: 'reference',
      });
    }
    return [
      event('CriminalReferralRecorded', {
        reference,
        referredOn: pastDate(input, 'referredOn', state, context),
        offence: input.str('offence'),
        at: context.now,
      }),
    ];
  },

  RecordCriminalReferralOutcome(input, state, context) {
    const reference = input.str('reference');
    const referral = (state.criminalReferrals ?? []).find((r) => r.reference === reference);
    if (!referral) {
      throw new DomainError('CRIMINAL_REFERRAL_NOT_FOUND', reference, { reference });
    }
    if (referral.outcome) {
      throw new DomainError('CRIMINAL_REFERRAL_CONCLUDED', reference, { reference });
    }
    const decidedOn = pastDate(input, 'decidedOn', state, context);
    notBefore(decidedOn, referral.referredOn, 'decidedOn', 'referral');
    return [
      event('CriminalReferralConcluded', {
        reference,
        outcome: input.oneOf('outcome', CRIMINAL_REFERRAL_OUTCOMES),
        decidedOn,
        decisionRef: input.str('decisionRef'),
        at: context.now,
      }),
    ];
  },
};
