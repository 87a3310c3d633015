/**
 * Every RPC of the Temporal API (as `@temporalio/proto` describes it) that this server does not serve, with
 * the reason. The gRPC front (and so the HTTP API) answers these with UNIMPLEMENTED naming the method and the
 * reason; `test/embedded-temporal/rpc-coverage.test.ts` checks that every RPC of the services is either served
 * or listed here, and that the README lists the same.
 */
import type { SERVICES } from './service-definitions';

const NEXUS =
  'Nexus (endpoints, operations and Nexus tasks) is not implemented; call other namespaces through activities';
const VERSIONING =
  'worker versioning (build ids, deployments) is not implemented: every worker of a task queue gets every task; ' +
  'ship changed workflow code with patched()/deprecatePatch() instead';
const STANDALONE_ACTIVITIES =
  'standalone activities (pre-release in the Go server, behind a dynamic-config flag) are not implemented; ' +
  'activities run inside workflows';
const WORKER_HEARTBEATS =
  'worker heartbeats are off (the namespace capability worker_heartbeats is false, so the SDK does not send ' +
  'them); DescribeTaskQueue lists the pollers';
const BATCH =
  'batch operations are not implemented: run the per-workflow RPC over a ListWorkflowExecutions query';
const WORKFLOW_RULES = 'workflow rules (pre-release) are not implemented';
const CLUSTERS = 'one embedded server per database: there is no multi-cluster replication';
const NAMESPACE_CHANGES =
  'namespaces are created at start (--namespace) or with RegisterNamespace and are not changed or deleted';

export const NOT_SUPPORTED: Record<keyof typeof SERVICES, Record<string, string>> = {
  workflow: {
    UpdateNamespace: NAMESPACE_CHANGES,
    DeprecateNamespace: `${NAMESPACE_CHANGES} (and the RPC is deprecated)`,
    DeleteWorkflowExecution: 'retention and deletion are not implemented: closed runs are kept',
    ListOpenWorkflowExecutions: 'the pre-1.20 visibility API; use ListWorkflowExecutions with a query',
    ListClosedWorkflowExecutions: 'the pre-1.20 visibility API; use ListWorkflowExecutions with a query',
    ListArchivedWorkflowExecutions: 'archival is not implemented (closed runs are kept in the database)',
    ListTaskQueuePartitions: 'task queues have one partition in this server, held in memory',
    UpdateWorkerBuildIdCompatibility: VERSIONING,
    GetWorkerBuildIdCompatibility: VERSIONING,
    UpdateWorkerVersioningRules: VERSIONING,
    GetWorkerVersioningRules: VERSIONING,
    GetWorkerTaskReachability: VERSIONING,
    DescribeDeployment: VERSIONING,
    DescribeWorkerDeploymentVersion: VERSIONING,
    ListDeployments: VERSIONING,
    GetDeploymentReachability: VERSIONING,
    GetCurrentDeployment: VERSIONING,
    SetCurrentDeployment: VERSIONING,
    SetWorkerDeploymentCurrentVersion: VERSIONING,
    DescribeWorkerDeployment: VERSIONING,
    DeleteWorkerDeployment: VERSIONING,
    DeleteWorkerDeploymentVersion: VERSIONING,
    SetWorkerDeploymentRampingVersion: VERSIONING,
    ListWorkerDeployments: VERSIONING,
    CreateWorkerDeployment: VERSIONING,
    CreateWorkerDeploymentVersion: VERSIONING,
    UpdateWorkerDeploymentVersionComputeConfig: VERSIONING,
    ValidateWorkerDeploymentVersionComputeConfig: VERSIONING,
    UpdateWorkerDeploymentVersionMetadata: VERSIONING,
    SetWorkerDeploymentManager: VERSIONING,
    UpdateWorkflowExecutionOptions: `${VERSIONING} (its only option is the versioning override)`,
    StartBatchOperation: BATCH,
    StopBatchOperation: BATCH,
    DescribeBatchOperation: BATCH,
    ListBatchOperations: BATCH,
    PollNexusTaskQueue: NEXUS,
    RespondNexusTaskCompleted: NEXUS,
    RespondNexusTaskFailed: NEXUS,
    StartNexusOperationExecution: NEXUS,
    DescribeNexusOperationExecution: NEXUS,
    PollNexusOperationExecution: NEXUS,
    ListNexusOperationExecutions: NEXUS,
    CountNexusOperationExecutions: NEXUS,
    RequestCancelNexusOperationExecution: NEXUS,
    TerminateNexusOperationExecution: NEXUS,
    DeleteNexusOperationExecution: NEXUS,
    CreateWorkflowRule: WORKFLOW_RULES,
    DescribeWorkflowRule: WORKFLOW_RULES,
    DeleteWorkflowRule: WORKFLOW_RULES,
    ListWorkflowRules: WORKFLOW_RULES,
    TriggerWorkflowRule: WORKFLOW_RULES,
    RecordWorkerHeartbeat: WORKER_HEARTBEATS,
    ListWorkers: WORKER_HEARTBEATS,
    CountWorkers: WORKER_HEARTBEATS,
    DescribeWorker: WORKER_HEARTBEATS,
    FetchWorkerConfig: WORKER_HEARTBEATS,
    UpdateWorkerConfig: WORKER_HEARTBEATS,
    UpdateTaskQueueConfig: 'task queue rate limits and fairness settings are not implemented',
    PauseWorkflowExecution: 'pausing a whole workflow (pre-release) is not implemented',
    UnpauseWorkflowExecution: 'pausing a whole workflow (pre-release) is not implemented',
    PollWorkflowExecutionTimeSkipping:
      'per-workflow time skipping (pre-release) is not implemented; the TestService skips time server-wide',
    StartActivityExecution: STANDALONE_ACTIVITIES,
    DescribeActivityExecution: STANDALONE_ACTIVITIES,
    PollActivityExecution: STANDALONE_ACTIVITIES,
    ListActivityExecutions: STANDALONE_ACTIVITIES,
    CountActivityExecutions: STANDALONE_ACTIVITIES,
    RequestCancelActivityExecution: STANDALONE_ACTIVITIES,
    TerminateActivityExecution: STANDALONE_ACTIVITIES,
    DeleteActivityExecution: STANDALONE_ACTIVITIES,
    PauseActivityExecution: STANDALONE_ACTIVITIES,
    ResetActivityExecution: STANDALONE_ACTIVITIES,
    UnpauseActivityExecution: STANDALONE_ACTIVITIES,
    UpdateActivityExecutionOptions: STANDALONE_ACTIVITIES,
  },
  operator: {
    DeleteNamespace: NAMESPACE_CHANGES,
    AddOrUpdateRemoteCluster: CLUSTERS,
    RemoveRemoteCluster: CLUSTERS,
    ListClusters: CLUSTERS,
    GetNexusEndpoint: NEXUS,
    CreateNexusEndpoint: NEXUS,
    UpdateNexusEndpoint: NEXUS,
    DeleteNexusEndpoint: NEXUS,
    ListNexusEndpoints: NEXUS,
  },
  test: {},
};

/** Served only in time-skipping mode (README "Time skipping"); UNIMPLEMENTED otherwise, as on a real cluster. */
export const TIME_SKIPPING_ONLY = 'the TestService is served only when the server runs with time skipping';
