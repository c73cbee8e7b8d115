#!/usr/bin/env bash
# The dependency step of setup.sh: a frozen, production-only install of the kit's workspace subset
# (the full lockfile; importers whose folders are not in the kit are skipped). Locks the hidden seed
# to root first. Extra arguments go to pnpm (the kit's test passes --offline and its store).
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$SOURCE/gradescope/lock-secrets.sh"
cd "$SOURCE"
CI=true pnpm install --frozen-lockfile --prod "$@"
