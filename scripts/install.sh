#!/usr/bin/env bash
# Installs everything mloop needs on a fresh machine that has only Node 20 and npm:
# pnpm 12.21.0 (via npm, see design/toolchain.md §3), the headers node-gyp needs for native
# addons (better-sqlite3), and the workspace's dependencies from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(pnpm --version 2>/dev/null || true)" != "12.21.0" ]; then
  npm install -g pnpm@12.21.0
fi
# pnpm 12 ignores npm's nodedir setting; node-gyp must find Node's headers without the network.
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
pnpm install --frozen-lockfile
