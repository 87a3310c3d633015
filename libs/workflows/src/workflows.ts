// The worker's workflowsPath: every workflow type this worker hosts.
export { sanctionCase } from './sanction-case.workflow';
export { officerDigest } from './officer-digest.workflow';
