// @netral/workflows — the sanction case workflow, its messages and activity interfaces, and the client-side
// helpers the API calls (registerCase, sendCaseCommand, getCaseState). The worker loads the workflow file
// itself through workflowsPath; workflow code never imports this index (it would pull in the client).
export * from './messages';
export * from './activities';
export * from './config';
export * from './client';
export * from './payload-codec';
