/** Request body of the PPK's follow-up: which track the case takes after the clarification. */
import { type CaseCommandMap } from '@netral/domain';
import { CivilDate, everyMemberOf, OneOf, OptionalText, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';

export const FOLLOW_UP_ACTIONS = everyMemberOf<CaseCommandMap['RecordPpkFollowUp']['action']>()(
  'examination',
  'majelis_kode_etik',
  'ptdh_partai',
  'not_proven',
);

export class RecordPpkFollowUpDto {
  @OneOf(
    FOLLOW_UP_ACTIONS,
    'Disciplinary examination, Majelis Kode Etik, PTDH for party membership on proof of membership (UU 20/2023 Ps 52(3) huruf j; no hearing), or not proven',
  )
  action!: CaseCommandMap['RecordPpkFollowUp']['action'];

  @Text('Follow-up letter number', 'PPK/TL/01/2025')
  letterNumber!: string;

  @CivilDate('Letter date', '2025-01-10')
  letterDate!: string;

  @OptionalText('Reason for the follow-up (also recorded as the events’ reason)', 'Sesuai rekomendasi BKN')
  reason?: string | null;

  @OptionalText(
    'Required for ptdh_partai: the proof of party membership (e.g. the party membership card or KPU data reference)',
    'KTA-PARTAI/2026/0042',
  )
  membershipProofRef?: string | null;
}

/** Fails to compile when a DTO drifts from its command. */
export type FollowUpDtosMirrorCommands = [
  Check<Mirrors<RecordPpkFollowUpDto, CaseCommandMap['RecordPpkFollowUp']>>,
];
