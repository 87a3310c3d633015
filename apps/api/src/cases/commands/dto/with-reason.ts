/**
 * The audit reason every officer command may carry besides its own data: why the command is given, and why a
 * fact is recorded late. Recorded in the events' metadata, not in their data.
 */
import { LONG_TEXT, OptionalText } from '../validation';

const REASON_DOC = 'Why the command is given (e.g. the letter number); recorded in the events as the reason';

/** The audit reason most commands accept besides their own data. */
export class WithReason {
  @OptionalText(REASON_DOC, 'Nota dinas 800/123/Insp/2025', LONG_TEXT)
  reason?: string | null;

  @OptionalText(
    'A fact dated more than the backdating horizon (policy, 60 days) before today is recorded only by a supervisor with this reason, which is recorded on its events',
    'Surat diterima terlambat dari Bawaslu; lihat nota dinas 800/130/Insp/2026',
    LONG_TEXT,
  )
  lateRecordingReason?: string | null;
}
