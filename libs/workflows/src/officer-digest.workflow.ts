// The officers' daily digest: started every working morning by a schedule (07:00 Asia/Jakarta, Mon–Fri),
// it stores one digest per case officer of the deadlines due in the next working days and those overdue,
// then delivers each through the notification channels. Holidays are skipped by the activity, which has
// the working calendar.
import { log, proxyActivities } from '@temporalio/workflow';
import { type DigestActivities, DELIVERY_MAX_ATTEMPTS } from './activities';
import {
  DEFAULT_DIGEST_UPCOMING_WORKING_DAYS,
  type OfficerDigestInput,
  type OfficerDigestResult,
} from './messages';

const { prepareOfficerDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 10 },
});

const { deliverOfficerDigest } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '1 minute',
  // A digest is only worth sending the same morning.
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: Math.min(8, DELIVERY_MAX_ATTEMPTS),
  },
});

/** Asia/Jakarta is UTC+7 all year (no daylight saving). */
function jakartaDate(epochMs: number): string {
  return new Date(epochMs + 7 * 3_600_000).toISOString().slice(0, 10);
}

export async function officerDigest(input: OfficerDigestInput = {}): Promise<OfficerDigestResult> {
  const date = input.date ?? jakartaDate(Date.now());
  const prepared = await prepareOfficerDigests({
    date,
    upcomingWorkingDays: input.upcomingWorkingDays ?? DEFAULT_DIGEST_UPCOMING_WORKING_DAYS,
  });
  if (prepared.skipped) return { date, skipped: prepared.skipped, digestIds: [], delivered: 0 };
  const outcomes = await Promise.allSettled(
    prepared.digestIds.map((digestId) => deliverOfficerDigest({ digestId })),
  );
  outcomes.forEach((o, i) => {
    if (o.status === 'rejected') {
      log.error('digest not delivered', { digestId: prepared.digestIds[i], error: String(o.reason) });
    }
  });
  return {
    date,
    digestIds: prepared.digestIds,
    delivered: outcomes.filter((o) => o.status === 'fulfilled').length,
  };
}
