#!/usr/bin/env bash
# Installs what the workbench test needs (TESTING.md, Route A), idempotently:
#  - Debian's chromium, driven by playwright-core (a root devDependency);
#  - code-server and a Node 24 binary, from this folder's own package-lock.json. They live in a
#    nested package so that Node 24 never lands first on the PATH of the root npm scripts.
# Install scripts stay off: code-server's postinstall builds native modules and downloads ripgrep,
# which cannot work offline, and the workbench runs without them. What the postinstall does that the
# workbench does need, installing VS Code's own runtime packages from the npm-shrinkwrap.json that
# code-server ships in lib/vscode, is done here, also without scripts. (`npm ci` refuses that
# shrinkwrap as out of sync with its package.json, so `npm install --no-save` follows it instead.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
fi

if [ ! -x "$here/node_modules/.bin/node" ] || [ ! -f "$here/node_modules/code-server/package.json" ] \
  || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --prefix "$here"
fi

vscode_dir="$here/node_modules/code-server/lib/vscode"
if [ ! -f "$vscode_dir/node_modules/@microsoft/1ds-core-js/package.json" ]; then
  (cd "$vscode_dir" && npm install --omit=dev --ignore-scripts --no-save --no-audit --no-fund)
fi
