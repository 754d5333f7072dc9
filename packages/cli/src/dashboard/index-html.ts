/** Escapes text for an HTML attribute or element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The single page: the session token and settings travel in `<meta>` tags (no inline script, so
 * the page's CSP can forbid inline scripts), the app itself is `/assets/app.js`.
 */
export function renderIndexHtml(settings: {
  token: string;
  readOnly: boolean;
  storeLabel: string;
  version: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="mloop-token" content="${escapeHtml(settings.token)}">
<meta name="mloop-read-only" content="${settings.readOnly ? 'true' : 'false'}">
<meta name="mloop-store" content="${escapeHtml(settings.storeLabel)}">
<meta name="mloop-version" content="${escapeHtml(settings.version)}">
<title>mloop</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="#/runs">mloop</a>
  <nav>
    <a href="#/runs" data-nav="runs">Runs</a>
    <a href="#/sweeps" data-nav="sweeps">Sweeps</a>
    <a href="#/models" data-nav="models">Registry</a>
    <a href="#/try" data-nav="try">Try a model</a>
    <a href="#/drift" data-nav="drift">Drift</a>
    <a href="#/loop" data-nav="loop">Loop</a>
  </nav>
  <span class="live" id="live" title="live updates">●</span>
  <span class="store">${escapeHtml(settings.storeLabel)}${settings.readOnly ? ' · read-only' : ''}</span>
</header>
<main id="app"><p>Loading…</p></main>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}
