#!/bin/sh
# npm run bench / bench:smoke: build what the suite runs, allow enough open files for 10,000
# streaming clients (children inherit the limit), then run the suite with the given flags.
set -e
cd "$(dirname "$0")"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
turbo run build --filter=@mdp/bench... --output-logs=errors-only
exec node dist/run.js "$@"
