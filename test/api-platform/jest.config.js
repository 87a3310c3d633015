// Runs test/api-platform with the root integration project plus one change: NestJS 12 and jose are
// ESM-only and Jest on Node 20 cannot require() ESM, so those packages are compiled to CommonJS by
// @swc/jest. The same two settings belong in the root jest.config.js (see apps/api/src/platform/README.md);
// until then: npx jest -c test/api-platform/jest.config.js
const path = require('node:path');
const root = require('../../jest.config.js');

const integration = root.projects.find((p) => p.displayName === 'integration');

module.exports = {
  rootDir: path.join(__dirname, '../..'),
  projects: [
    {
      ...integration,
      rootDir: path.join(__dirname, '../..'),
      testMatch: ['<rootDir>/test/api-platform/**/*.test.ts'],
      transform: {
        ...integration.transform,
        '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
      },
      transformIgnorePatterns: [
        '/node_modules/(?!(@nestjs|jose|load-esm|file-type|uid|strtok3|token-types|@tokenizer|uint8array-extras|peek-readable)/)',
      ],
    },
  ],
};
