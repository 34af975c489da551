#!/usr/bin/env bash
# Takes the screenshots of packaging/screenshots/ from the real application under Xvfb: at
# 1280x800 (the README's and the AppStream metainfo's) and at 1920x1080 (in 1920x1080/).
#   bash tests/screenshots/take.sh [build-dir]   (default build/testing)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/testing}
cmake --build "$build" --target screenshot-tour backfill-demo-api
unset QT_QPA_PLATFORM
for size in 1280x800 1920x1080; do
    out=packaging/screenshots
    [ "$size" = 1280x800 ] || out=packaging/screenshots/$size
    mkdir -p "$out"
    xvfb-run -a -s "-screen 0 ${size}x24" "$build/tests/screenshot-tour" --size "$size" "$out"
done
ls -l packaging/screenshots packaging/screenshots/1920x1080
