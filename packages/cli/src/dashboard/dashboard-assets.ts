import { existsSync, readFileSync } from 'node:fs';
import { bundleDashboardClient, type DashboardAssets } from './client-bundle';

let cached: Promise<DashboardAssets> | undefined;

/**
 * The built browser assets: `dist/ui/app.{js,css}` next to the built module, or, when running
 * from source, a bundle made once on first use.
 */
export function loadDashboardAssets(): Promise<DashboardAssets> {
  cached ??= (async () => {
    const js = new URL('./ui/app.js', import.meta.url);
    const css = new URL('./ui/app.css', import.meta.url);
    if (existsSync(js) && existsSync(css)) return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
    return bundleDashboardClient();
  })();
  return cached;
}
