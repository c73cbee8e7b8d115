#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (the network is reachable then,
# never while grading). It installs Node from the official nodejs.org tarball (checked against the release's
# SHASUMS256.txt; no third-party apt repository, works on any Ubuntu base image), the pnpm version the repo
# pins, then the grader's dependencies (gradescope/install-deps.sh, a step of its own so tests can run it offline).
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
. "$SOURCE/gradescope/kit.env"

if [ "$(node --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "setup.sh: no Node build for machine $(uname -m)" >&2; exit 1 ;;
  esac
  if ! command -v curl >/dev/null; then
    apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
  fi
  tarball="node-v$NODE_VERSION-linux-$arch.tar.gz"
  work="$(mktemp -d)"
  curl -fsSL --retry 3 -o "$work/$tarball" "https://nodejs.org/dist/v$NODE_VERSION/$tarball"
  curl -fsSL --retry 3 -o "$work/SHASUMS256.txt" "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt"
  (cd "$work" && grep " $tarball\$" SHASUMS256.txt | sha256sum -c -)
  # as the official Node Docker images do: bin/node, bin/npm and lib/node_modules/npm under /usr/local
  tar -xzf "$work/$tarball" -C /usr/local --strip-components=1 --no-same-owner
  rm -rf "$work"
  hash -r
fi
node --version

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g --prefix /usr/local "pnpm@$PNPM_VERSION"
  hash -r
fi
pnpm --version

# through bash and chmod: whatever modes the zip extraction kept, the scripts run
chmod 755 "$SOURCE/run_autograder"
if [ -f "$SOURCE/../run_autograder" ]; then chmod 755 "$SOURCE/../run_autograder"; fi
bash "$SOURCE/gradescope/install-deps.sh"
