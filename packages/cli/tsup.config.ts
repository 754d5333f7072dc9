import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { bundleDashboardClient } from './src/dashboard/client-bundle';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // esbuild bundles the dashboard when running from source; the build ships the bundle instead.
  external: ['esbuild'],
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  // The dashboard's browser code (plain TS + uPlot) is bundled here, once, into static files the
  // server reads from dist/ui: nothing is fetched from a CDN at run time.
  async onSuccess() {
    const assets = await bundleDashboardClient();
    const dir = new URL('./dist/ui/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('app.js', dir), assets.js);
    writeFileSync(new URL('app.css', dir), assets.css);
  },
});
