/**
 * The RequestCancelActivityTask command (GS handleCommandRequestCancelActivity): an activity not yet started is
 * cancelled at once (ActivityTaskCancelRequested + ActivityTaskCanceled, a new workflow task); a started one is
 * marked, and its worker learns it from its next heartbeat.
 */
import { enums, num } from '../proto';
import { BadCommandError, invalidHistoryAction } from './bad-command';
import { hasBufferedActivityFinish } from './buffered-events';
import type { CommandHandler } from './command-handler';

export const requestCancelActivity: CommandHandler = ({ tx, wftc }, command) => {
  const s = tx.state;
  const sid = num(command.requestCancelActivityTaskCommandAttributes?.scheduledEventId);
  const activity = s.activities[sid];
  // Finished while this task ran (GS HasActivityFinishEvent): the request is still written where the worker
  // expects it, and the buffered outcome follows it. Otherwise an unknown activity, or one already asked to
  // cancel, fails the task (GS ValidateActivityCancelAttributes, AddActivityTaskCancelRequestedEvent).
  if (sid <= 0 || (!activity && !hasBufferedActivityFinish(s, sid)) || activity?.cancelRequested) {
    throw new BadCommandError(
      enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
      sid <= 0
        ? 'ScheduledEventId is not set on RequestCancelActivityTaskCommand.'
        : invalidHistoryAction('add-activitytask-cancel-requested-event', `ScheduledEventID: ${sid}`),
    );
  }
  const requested = tx.addEvent('ActivityTaskCancelRequested', {
    scheduledEventId: sid,
    workflowTaskCompletedEventId: wftc,
  });
  if (!activity) return;
  if (activity.state !== 'started') {
    tx.addEvent('ActivityTaskCanceled', {
      scheduledEventId: sid,
      startedEventId: 0,
      latestCancelRequestedEventId: num(requested.eventId),
    });
    delete s.activities[sid];
    tx.cancelDeadlines(['activity-timeout', 'activity-retry'], String(sid));
    tx.needWorkflowTask();
  } else {
    activity.cancelRequested = true;
    activity.cancelRequestedEventId = num(requested.eventId);
  }
};
