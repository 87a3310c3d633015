// The integration suites record facts of 2025 on today's clock, far beyond the policy's backdating horizon
// (60 days). They lift it unless a suite sets its own (test/api-cases/time-rules.test.ts keeps the policy's).
process.env.NETRAL_BACKDATING_HORIZON_DAYS ??= '36500';
