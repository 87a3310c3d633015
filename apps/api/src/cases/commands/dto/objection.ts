/**
 * Request bodies of the objection stage: keberatan or banding administratif, a late objection, the PPK's
 * answer to an appeal and the outcome.
 */
import { type CaseCommandMap, type ObjectionOutcome, OBJECTION_OUTCOMES } from '@netral/domain';
import {
  CivilDate,
  everyMemberOf,
  LONG_TEXT,
  OneOf,
  OptionalPeriodMonths,
  OptionalText,
  Text,
} from '../validation';
import { type Check, type Mirrors } from './mirrors';
import { WithReason } from './with-reason';

export const OBJECTION_KINDS = everyMemberOf<NonNullable<CaseCommandMap['FileObjection']['kind']>>()(
  'keberatan',
  'banding',
);

export class FileObjectionDto extends WithReason {
  @OneOf(OBJECTION_KINDS, 'keberatan, or banding administratif (dismissals); keberatan by default', {
    absent: true,
  })
  kind?: 'keberatan' | 'banding';

  @CivilDate('Filed on', '2025-02-10')
  filedOn!: string;

  @Text('Grounds', 'Hukuman terlalu berat', LONG_TEXT)
  grounds!: string;

  @Text('Objection reference', 'KEB-01/2025')
  reference!: string;
}

export class RecordLateObjectionDto extends WithReason {
  @CivilDate('Filed on', '2025-03-10')
  filedOn!: string;

  @Text('Objection reference', 'KEB-LATE/2025')
  reference!: string;
}

export class RecordAppealAnswerDto extends WithReason {
  @CivilDate('Answered on', '2025-02-20')
  answeredOn!: string;

  @Text('Answer letter number', 'PPK/BPASN/01')
  letterNumber!: string;
}

export class RecordObjectionOutcomeDto extends WithReason {
  @OneOf(OBJECTION_OUTCOMES, 'Upheld, lightened, increased, changed or annulled')
  outcome!: ObjectionOutcome;

  @CivilDate('Decided on', '2025-03-01')
  decidedOn!: string;

  @Text('Decision reference', 'PUT-KEB/01/2025')
  decisionRef!: string;

  @OptionalText('New sanction code (lightened, increased, changed)', 'TEGURAN_TERTULIS')
  sanctionCode?: string | null;

  @OptionalPeriodMonths('Months of the new sanction, if time-bound')
  periodMonths?: number | null;
}

/** Fails to compile when a DTO drifts from its command. */
export type ObjectionDtosMirrorCommands = [
  Check<Mirrors<FileObjectionDto, CaseCommandMap['FileObjection']>>,
  Check<Mirrors<RecordLateObjectionDto, CaseCommandMap['RecordLateObjection']>>,
  Check<Mirrors<RecordAppealAnswerDto, CaseCommandMap['RecordAppealAnswer']>>,
  Check<Mirrors<RecordObjectionOutcomeDto, CaseCommandMap['RecordObjectionOutcome']>>,
];
