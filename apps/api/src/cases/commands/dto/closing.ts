/**
 * Request bodies that end or reopen a case. Each has its own required `reason`, which is also the events'
 * reason, so none extends WithReason.
 */
import { type CaseCommandMap } from '@netral/domain';
import { LONG_TEXT, OneOf, Text } from '../validation';
import { type Check, type Mirrors } from './mirrors';

export class CloseCaseDto {
  @OneOf(['not_proven'], 'Why the case closes', { example: 'not_proven' })
  outcome!: 'not_proven';

  @Text('Reason (also recorded as the events’ reason)', 'Tidak terbukti dalam pemeriksaan', LONG_TEXT)
  reason!: string;
}

export class WithdrawCaseDto {
  @Text('Reason (also recorded as the events’ reason)', 'Laporan dicabut oleh pelapor', LONG_TEXT)
  reason!: string;
}

export class ReopenCaseDto {
  @Text('Reason (also recorded as the events’ reason)', 'Bukti baru dari Bawaslu', LONG_TEXT)
  reason!: string;
}

/** Fails to compile when a DTO drifts from its command. */
export type ClosingDtosMirrorCommands = [
  Check<Mirrors<CloseCaseDto, CaseCommandMap['CloseCase']>>,
  Check<Mirrors<WithdrawCaseDto, CaseCommandMap['WithdrawCase']>>,
  Check<Mirrors<ReopenCaseDto, CaseCommandMap['ReopenCase']>>,
];
