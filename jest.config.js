// One `npm test` runs every project: fast pure unit specs and the integration/e2e suites
// that need PostgreSQL (one throw-away cluster per run, started in globalSetup).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@netral/(domain|workflows|event-store|documents|embedded-temporal|embedded-postgres)$':
    '<rootDir>/libs/$1/src',
  '^@netral/(domain|workflows|event-store|documents|embedded-temporal|embedded-postgres)/(.*)$':
    '<rootDir>/libs/$1/src/$2',
};
// embedded-postgres is ESM-only: jest's sandbox cannot load it on Node 20, so clusters are started only in
// globalSetup (plain Node) or in child processes (tsx), never inside a test file.
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
};

module.exports = {
  // Integration suites start real servers; per-test waits are on conditions, this is only a safety net.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/backdating-horizon.ts'],
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/libs/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
