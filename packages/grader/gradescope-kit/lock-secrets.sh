#!/usr/bin/env bash
# The hidden seed is readable by root only: whatever modes the zip extraction left, the folder is 0700
# and its files 0600, owned by root when we are root. Student code runs as nobody (and under Node's
# permission model, which reads only its own two files), so it cannot read it either way.
set -euo pipefail
secrets="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
[ -d "$secrets" ] || exit 0
if [ "$(id -u)" = 0 ]; then chown -R 0:0 "$secrets"; fi
chmod 700 "$secrets"
find "$secrets" -type f -exec chmod 600 {} +
