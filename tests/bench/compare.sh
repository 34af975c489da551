#!/usr/bin/env bash
# Before/after for the throughput workload: runs two (or more) bench_engine binaries in turn
# against one backfill-demo-api, N rounds, and prints each one's median, min and max rows/s and
# its peak RSS. Alternating is what makes a comparison hold on a machine whose speed drifts.
#   bash tests/bench/compare.sh ROUNDS LABEL=PATH/TO/bench_engine LABEL=PATH ...
# e.g. bash tests/bench/compare.sh 6 before=../old/build/testing/tests/bench/bench_engine \
#          after=build/testing/tests/bench/bench_engine
# A bench_writer binary runs the same workload through the writer alone (its ceiling).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=$1
shift
build=${BACKFILL_BENCH_BUILD:-build/testing}
work=$(mktemp -d)
api_pid=""
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

. tests/bench/demoapi.sh
start_demo_api

for round in $(seq "$rounds"); do
    for entry in "$@"; do
        label=${entry%%=*}
        binary=${entry#*=}
        rm -f "$work"/engine.sqlite*
        sync
        sleep 1
        # bench_writer (the writer alone, no HTTP) takes the same workload without the API.
        api=(--url "$url")
        [[ $(basename "$binary") == bench_writer* ]] && api=()
        line=$("$binary" "${api[@]}" --partitions 200 --concurrency 8 --db "$work/engine.sqlite" 2>/dev/null)
        rate=$(echo "$line" | sed -n 's/.*\(records\|rows\)_per_s=\([0-9]*\).*/\2/p')
        rss=$(echo "$line" | sed -n 's/.*peak_rss_mb=\([0-9]*\).*/\1/p')
        rss=${rss:-0} # bench_writer holds every page before it starts: its RSS says nothing
        echo "$label $rate $rss" >>"$work/results"
        echo "round $round: $label $rate rows/s, $rss MB"
    done
done
echo
python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, rate, rss = line.split()
    runs.setdefault(label, []).append((int(rate), int(rss)))
first = None
for label, values in runs.items():
    rates = [r for r, _ in values]
    median = statistics.median(rates)
    first = first or median
    print(f"{label:12s} median {median:9.0f} rows/s  min {min(rates)}  max {max(rates)}  "
          f"peak RSS {max(m for _, m in values)} MB  {median / first:.2f}x")
PY
