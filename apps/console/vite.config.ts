/**
 * Builds the console into dist/console, served by the API under /console (apps/api/src/console). During
 * `npx vite` development, API calls are proxied to a running `npm start` (NETRAL_API, default :3000).
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const api = process.env.NETRAL_API ?? 'http://127.0.0.1:3000';
const apiPaths = [
  '/auth',
  '/cases',
  '/work-list',
  '/deadlines',
  '/statistics',
  '/officers',
  '/catalogues',
  '/audit',
  '/deadline-policies',
  '/policy-migrations',
];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // One module script, no inline code: the API's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
