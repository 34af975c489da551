#!/usr/bin/env bash
# Takes the screenshots in packaging/screenshots/ from the real application under Xvfb at
# 1280x800: bash tests/screenshots/take.sh [build-dir] (default build/testing).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/testing}
cmake --build "$build" --target screenshot-tour backfill-demo-api
unset QT_QPA_PLATFORM
xvfb-run -a -s "-screen 0 1280x800x24" "$build/tests/screenshot-tour" packaging/screenshots
ls -l packaging/screenshots
