#!/usr/bin/env bash
# Installs everything Bimetal needs on a fresh Debian machine: npm packages from package-lock.json,
# the Python training stack and the side-by-side bench's Python peer (bench/peers) from Debian's
# packages (served to /usr/bin/python3), and the editors the language-server tests drive
# (test/editors: Emacs with eglot, Neovim).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(python3-sklearn python3-scipy python3-xgboost python3-onnx python3-pandas python3-numpy python3-openpyxl
  python3-rdkit python3-pymatgen
  emacs-nox elpa-eglot neovim)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi

# The real-workbench test (code-server + Debian Chromium) has its own installer.
bash test/workbench/setup.sh
