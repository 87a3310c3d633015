// Officers' commands to the sanctionCase workflow: the caseCommand update. Its validator refuses what
// decide() refuses before anything reaches the history; its handler runs the command under the command
// lock (re-checking If-Match there) and answers with the state it leaves.
import { currentUpdateInfo, setHandler } from '@temporalio/workflow';
import { decide } from '@netral/domain';
import type { CaseConfig } from '../activities';
import { type CaseCommandRequest, caseCommandUpdate } from '../messages';
import { adoptLost, updateKey } from './adoption';
import type { CommandLock } from './command-lock';
import { type Patches, decisionContext, execute } from './execute';
import { aheadOfState, checkRequest, refusal, versionRefusal } from './requests';
import { type CaseRun, loadDeadlinePolicy } from './run';

export interface OfficerCommands {
  run: CaseRun;
  patches: Patches;
  lock: CommandLock;
  /** The configuration, null until a legacy case (started without one in its input) has loaded it. */
  config(): CaseConfig | null;
}

export function handleOfficerCommands({ run, patches, lock, config }: OfficerCommands): void {
  setHandler(
    caseCommandUpdate,
    (request) => {
      const key = updateKey(currentUpdateInfo()?.id);
      return lock.exclusive(async () => {
        checkRequest(request, run.caseId);
        // Under the lock the case may have moved on since the validator: check again. Histories from before
        // the patch were decided by the exact version, so the lenient reading applies only once patched.
        // Events adopted for this command already are its outcome: its tag was read before them.
        const check = () =>
          run.adopted.has(key) ? undefined : versionRefusal(request, run, patches.lenientIfMatch);
        let refused = check();
        if (refused && patches.appendsLocally()) {
          // Refused on a state a lost task moved on from? Its stored outcome is the answer, or its events are
          // what the tag was read from.
          if (await adoptLost(run, key)) return run.state;
          refused = check();
        }
        if (refused) throw refused;
        if (request.command.type === 'MigrateDeadlinePolicy') {
          await migratePolicy(run, patches, request, key);
          return run.state;
        }
        await execute(run, patches, {
          command: request.command,
          actor: request.actor,
          meta: request,
          key,
          recordOpened: true,
        });
        return run.state;
      });
    },
    {
      validator: (request) => {
        checkRequest(request, run.caseId);
        // Its events were stored by a lost workflow task and folded already: it is accepted as it was.
        if (run.adopted.has(updateKey(currentUpdateInfo()?.id)) || aheadOfState(request, run.state)) return;
        // Validators do not run on replay, so the lenient reading needs no patch here.
        const refused = versionRefusal(request, run, () => true);
        if (refused) throw refused;
        // A refused command is rejected here and leaves no trace in the history. Only a case started
        // without a configuration in its input (legacy) can get a command before loading it: then the
        // handler decides once it has loaded.
        const loaded = config();
        if (loaded) {
          try {
            decide(request.command, run.state, decisionContext(loaded, request.actor));
          } catch (error) {
            throw refusal(error);
          }
        }
      },
    },
  );
}

/**
 * An audited policy migration: the named version is loaded by an activity (its result is in the history,
 * so replay sees the same policy), decided with it, and then becomes the case's policy; the main loop
 * re-plans the open deadlines whose length or version changed.
 */
async function migratePolicy(
  run: CaseRun,
  patches: Patches,
  request: CaseCommandRequest,
  key: string,
): Promise<void> {
  const data = request.command.data as { toVersion?: unknown };
  const toVersion = typeof data?.toVersion === 'string' ? data.toVersion.trim() : '';
  const policy = toVersion ? await loadDeadlinePolicy({ version: toVersion }) : null;
  const events = await execute(run, patches, {
    command: request.command,
    actor: request.actor,
    meta: request,
    key,
    extra: { migrationPolicy: policy },
  });
  if (policy && events.some((e) => e.type === 'DeadlinePolicyMigrated')) {
    run.config = { ...run.config, policy };
  }
}
