/**
 * A require hook for child processes that run the NestJS service from the TypeScript sources: swc with
 * the same options as jest (decorator metadata included, which tsx/esbuild cannot emit and Nest's
 * Swagger module needs), plus the tsconfig path aliases (@netral/*).
 */
const path = require('node:path');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');

const root = path.join(__dirname, '../../..');
const config = tsconfigPaths.loadConfig(root);
if (config.resultType === 'success') {
  tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
}

addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    }).code,
  { exts: ['.ts'], ignoreNodeModules: true },
);
