// PPK follow-up (Lifecycle 3): the PPK must follow up a recommendation (Perpres 116/2022; PerBKN 1/2023):
// examination, Majelis Kode Etik, or not proven.
import { allowedLevelsOf, findViolation } from '../catalogue';
import { DomainError } from '../errors';
import { type CaseEvent, event } from '../case/events';
import { type Handlers, pastDate, close, dependsOn } from './shared';

export const followUpHandlers: Handlers<'RecordPpkFollowUp'> = {
  RecordPpkFollowUp(input, state, context) {
    const action = input.oneOf('action', [
      'examination',
      'majelis_kode_etik',
      'ptdh_partai',
      'not_proven',
    ] as const);
    const reason = input.optStr('reason');
    let membershipProofRef: string | null = null;
    if (action === 'ptdh_partai') {
      // PTDH for party membership is decided on proof of membership, not after a PP 94/2021 hearing
      // (UU 20/2023 Ps 52(3) huruf j [S]): only for a violation whose catalogue entry carries PTDH.
      const violation = findViolation(context.catalogues, state.violationType ?? '');
      if (!violation || !allowedLevelsOf(violation, state.violationReading).includes('ptdh')) {
        throw new DomainError(
          'PARTY_MEMBERSHIP_TRACK_NOT_APPLICABLE',
          `${state.violationType} does not carry PTDH`,
          { violationType: state.violationType },
        );
      }
      membershipProofRef = input.str('membershipProofRef');
    }
    // The PPK follows up the clarification's result: the letter cannot predate the LHP.
    const letterDate = pastDate(input, 'letterDate', state, context);
    dependsOn(letterDate, state.clarification?.concludedOn, 'letterDate', 'lhp', context);
    const events: CaseEvent[] = [
      event('PpkFollowUpRecorded', {
        action,
        letterNumber: input.str('letterNumber'),
        letterDate,
        ...(action === 'ptdh_partai' ? { membershipProofRef } : {}),
        recommendationsFollowedUp: state.recommendations
          .filter((r) => !r.followedUp)
          .map((r) => r.letterNumber),
        at: context.now,
      }),
    ];
    if (action === 'not_proven') {
      if (!reason)
        throw new DomainError('INVALID_COMMAND', 'closing as not proven needs a reason', { field: 'reason' });
      events.push(close('not_proven', reason, context));
    }
    return events;
  },
};
