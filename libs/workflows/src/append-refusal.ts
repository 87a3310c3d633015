// Recognising the store's refusal of an append, shared by the workflow (which skips a refused deadline) and the
// API's client (which maps a refused command to EVENT_STORE_REFUSED). @temporalio/common only: it runs in both.
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { EVENT_STORE_REFUSED } from './activities';

/**
 * The failure of an append the store refused for good (EVENT_STORE_REFUSED: nothing was appended), or
 * undefined for any other error. A local activity's failure reaches the workflow as the activity's
 * ApplicationFailure itself, a normal activity's wrapped in an ActivityFailure: both are recognised.
 */
export function appendRefusal(error: unknown): ApplicationFailure | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === EVENT_STORE_REFUSED ? failure : undefined;
}
