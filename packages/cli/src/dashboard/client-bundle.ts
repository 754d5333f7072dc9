import { fileURLToPath } from 'node:url';

/** The dashboard's browser code and styles, bundled. */
export interface DashboardAssets {
  /** The app (plain TypeScript + uPlot) as one minified ES2020 script. */
  readonly js: string;
  /** The styles (ours + uPlot's). */
  readonly css: string;
}

/**
 * Bundles `ui/main.ts` with esbuild (the bundler tsup itself runs on): called by tsup at build
 * time, and by the server when it runs from source (tests, `pnpm mloop`), where there is no
 * `dist/ui` yet. esbuild is a build-time tool, so it is imported lazily.
 */
export async function bundleDashboardClient(): Promise<DashboardAssets> {
  const esbuild = await import('esbuild');
  const entry = fileURLToPath(new URL('../../ui/main.ts', import.meta.url));
  const styles = fileURLToPath(new URL('../../ui/styles.css', import.meta.url));
  const result = await esbuild.build({
    entryPoints: [entry, styles],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    outdir: 'out',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}
