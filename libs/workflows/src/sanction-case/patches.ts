// The sanctionCase workflow's patches (see README "Changing workflow code"): every change to what the
// workflow does on replay is taken only where `patched(<id>)` says the history was made by the new code, so
// that the months-long histories of running cases replay with the code of today. The ids are stored in those
// histories: never rename one.

/**
 * A reminder whose deadline is already past when its timer fires is not sent; the escalation is the message
 * then. Before it, such a reminder ("the deadline falls on …") still went out after the date, e.g. when the
 * stage opened late or the worker had been down.
 */
export const SKIP_REMINDERS_AFTER_DUE = 'skip-reminders-after-due';

/**
 * A closed case's workflow completes (its result is what a reopening run needs) once no command or delivery
 * is in flight, so that open workflows are open cases. Before it, it waited for a ReopenCase.
 */
export const COMPLETE_WHEN_CLOSED = 'complete-when-closed';

/**
 * If-Match passes when only the workflow's own (system) events came after the tagged version (see
 * versionRefusal). Before it, the handler's re-check under the command lock wanted the exact case version.
 */
export const IF_MATCH_OFFICER_VERSION = 'if-match-officer-version';

/**
 * A recorded deadline whose anchor day, length or policy version no longer matches (a fact recorded late, an
 * audited policy migration) is computed and recorded again under its id. Before it, a deadline was recorded
 * once and kept.
 */
export const REPLAN_MOVED_DEADLINES = 'replan-moved-deadlines';

/**
 * A deadline is planned by a local activity (the worker runs it inside the workflow task; its result is a
 * marker in the history). Planning is a pure computation with the calendar in force, so it needs no activity
 * task of its own: each planned deadline saves the server an activity task (three history events) and a
 * workflow task. Before it, planCaseDeadline was a normal activity.
 */
export const PLAN_DEADLINES_LOCALLY = 'plan-deadlines-locally';

/**
 * The timer of the next deadline due time is kept while that time is unchanged: a command that does not move
 * it no longer cancels and starts it again (two history events and a timer row per command). Before it,
 * every state change ended the main loop's `condition(..., wait)` and with it its timer.
 */
export const KEEP_DEADLINE_TIMER = 'keep-deadline-timer';

/**
 * The deadlines an officer's command opens are planned and recorded by that command's own append activity
 * (DeadlineRecorded after the command's events, in the same transaction), and the update answers with them
 * recorded. Before it, the main loop planned each one afterwards and recorded it with a second append: per
 * command one workflow task, one activity task and one append more.
 */
export const RECORD_DEADLINES_WITH_COMMAND = 'record-deadlines-with-command';

/**
 * An officer's command appends its events (and the deadlines they open) with a local activity, inside the
 * update's own workflow task: one workflow task and no activity task per command. A task lost after its
 * append runs again and adopts the events it stored (sanction-case/adoption.ts). Before it, appendCaseEvents
 * was a normal activity: per command one activity task and a second workflow task more.
 */
export const APPEND_EVENTS_LOCALLY = 'append-events-locally';

/**
 * A deadline that could not be planned or recorded, or whose timer's system command was refused, is recorded
 * as not tracked (DeadlineNotTracked, sanction-case/untracked.ts), and one whose calendar did not cover its
 * dates is planned again daily for a while. Before it, it was skipped with a line in the worker's log only.
 */
export const RECORD_UNTRACKED_DEADLINES = 'record-untracked-deadlines';
