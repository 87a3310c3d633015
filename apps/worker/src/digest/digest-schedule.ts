// The schedule that starts the officers' digest every working morning: 07:00 Asia/Jakarta, Monday to Friday
// (holidays are skipped by the digest itself, which has the working calendar). Created or brought up to date
// at worker start, so every worker may call it.
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import { OFFICER_DIGEST_WORKFLOW, type OfficerDigestInput } from '@netral/workflows';

export const DIGEST_SCHEDULE_ID = 'netral-officer-digest';

export function digestScheduleOptions(taskQueue: string, scheduleId = DIGEST_SCHEDULE_ID): ScheduleOptions {
  const input: OfficerDigestInput = {};
  return {
    scheduleId,
    spec: {
      calendars: [
        {
          hour: 7,
          minute: 0,
          dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY' }],
          comment: 'digest tenggat harian petugas, 07:00 WIB hari kerja',
        },
      ],
      timezone: 'Asia/Jakarta',
    },
    action: {
      type: 'startWorkflow',
      workflowType: OFFICER_DIGEST_WORKFLOW,
      taskQueue,
      args: [input],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  };
}

/** Creates the digest schedule, or updates it to the current spec and action if it already exists. */
export async function ensureDigestSchedule(
  client: Client,
  taskQueue: string,
  scheduleId = DIGEST_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  const options = digestScheduleOptions(taskQueue, scheduleId);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous): ScheduleUpdateOptions => ({
    ...previous,
    spec: options.spec,
    action: options.action as ScheduleUpdateOptions['action'],
    policies: { ...previous.policies, ...options.policies },
  }));
  return 'updated';
}
