/**
 * The Go server's default limits (dynamic config defaults in `common/dynamicconfig/constants.go`). The
 * frontend's request checks are in `grpc/limits.ts`; the engine applies the ones that depend on a run's state
 * (in-flight updates, history size).
 */
export const LIMITS = {
  /** limit.maxIDLength */
  maxIdLength: 1000,
  /** limit.blobSize.error: one payload set (input, signal input, details) */
  blobSizeBytes: 2 * 1024 * 1024,
  /** limit.memoSize.error */
  memoSizeBytes: 2 * 1024 * 1024,
  /** history.maxInFlightUpdates: updates admitted or accepted but not completed, per workflow */
  maxInFlightUpdates: 10,
  /** history.maxTotalUpdates: per run */
  maxTotalUpdates: 2000,
  /** limit.historySize.suggestContinueAsNew / limit.historyCount.suggestContinueAsNew */
  historySizeSuggestContinueAsNewBytes: 4 * 1024 * 1024,
  historyCountSuggestContinueAsNew: 4 * 1024,
  /** limit.historySize.error / limit.historyCount.error: the run is terminated */
  historySizeErrorBytes: 50 * 1024 * 1024,
  historyCountError: 50 * 1024,
} as const;
