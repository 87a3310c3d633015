// @netral/workflows — the sanction case workflow, its messages and activity interfaces. Callers import the
// messages from here; the worker loads the workflow file itself through workflowsPath.
export * from './messages';
export * from './activities';
