#!/usr/bin/env bash
# The performance benchmarks, side by side in one run against backfill-demo-api on
# 127.0.0.1. Builds the `release`-like `bench` preset, then prints a table with ratios.
#   bash tests/bench/run.sh [--quick]
# --quick runs smaller workloads (for a smoke check of the script itself).
# BACKFILL_BENCH_BUILD=build/testing reuses an existing optimized build tree instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1

build=${BACKFILL_BENCH_BUILD:-build/bench}
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBACKFILL_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target backfill-demo-api bench_engine bench_writer bench_calendar bench_databrowser \
    bench_gui_stall bench_partitions bench_pulltracker >/dev/null

work=$(mktemp -d)
api_pid=""
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Each measure starts with the disk idle: the previous one's hundreds of megabytes written are
# flushed first rather than during it (its writeback took CPU and disk from the next measure).
settle() { sync; sleep 1; }
. tests/bench/demoapi.sh
start_api() {
    settle
    start_demo_api "$@"
}
stop_api() { kill "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null || true; api_pid=""; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

partitions=200
[ $quick = 1 ] && partitions=20

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# 1. Throughput: partitions x 5 pages x 500 records, upserted into SQLite, zero latency.
start_api
engine=$("$build/tests/bench/bench_engine" --url "$url" --partitions $partitions --concurrency 8 \
    --db "$work/engine.sqlite" 2>/dev/null)
settle
python=$(python3 tests/bench/python_baseline.py \
    --url "$url/bulk/records?partition={partition}&page={page}&page_base=0&size=500&format=object" \
    --records-key data --primary-key id --partitions $partitions --pages 5 --workers 8 --db "$work/python.sqlite")
stop_api
e_rate=$(echo "$engine" | field records_per_s)
p_rate=$(echo "$python" | field records_per_s)
printf '%-34s %14s %14s %8s\n' "throughput ($((partitions * 2500)) rows)" "engine rows/s" "python rows/s" "ratio"
printf '%-34s %14s %14s %8s\n' "" "$e_rate" "$p_rate" "$(awk "BEGIN {printf \"%.2fx\", $e_rate / $p_rate}")"
echo "  $engine"
echo "  $python"
# The ceiling on this machine: the engine's writer alone on the same pages, parsed before its
# clock starts (no HTTP, no JSON, the other core free), partition index and close included.
settle
writer=$("$build/tests/bench/bench_writer" --partitions $partitions --concurrency 8 --db "$work/writer.sqlite" 2>/dev/null)
w_rate=$(echo "$writer" | field rows_per_s)
printf '%-34s %14s %14s %8s\n' "" "engine rows/s" "writer alone" "ratio"
printf '%-34s %14s %14s %8s\n' "" "$e_rate" "$w_rate" "$(awk "BEGIN {printf \"%.2f\", $e_rate / $w_rate}")"
echo "  $writer"
# What the pull tracking costs on a re-pull (duplicates, and rows new, changed and gone against
# the pull before): the writer alone pulling every partition a second time, tracking on and
# off, alternated three times; the median of each.
on=(); off=()
for round in 1 2 3; do
    settle
    on+=($("$build/tests/bench/bench_writer" --partitions $partitions --concurrency 8 --repull --track on \
        --db "$work/track.sqlite" 2>/dev/null | field rows_per_s))
    settle
    off+=($("$build/tests/bench/bench_writer" --partitions $partitions --concurrency 8 --repull --track off \
        --db "$work/track.sqlite" 2>/dev/null | field rows_per_s))
done
t_on=$(printf '%s\n' "${on[@]}" | sort -n | sed -n 2p)
t_off=$(printf '%s\n' "${off[@]}" | sort -n | sed -n 2p)
printf '%-34s %14s %14s %8s\n' "re-pull, writer alone" "tracking on" "tracking off" "ratio"
printf '%-34s %14s %14s %8s\n' "" "$t_on" "$t_off" "$(awk "BEGIN {printf \"%.2f\", $t_on / $t_off}")"
echo

# 2. Scheduling: partitions x 5 cursor-like pages with 50 ms latency at concurrency 8.
start_api --latency 50
sched=$("$build/tests/bench/bench_engine" --url "$url" --partitions $partitions --concurrency 8 \
    --db "$work/sched.sqlite" --param size=50 --param records=250 --sequential-pages 2>/dev/null)
stop_api
secs=$(echo "$sched" | field secs)
ideal=$(awk "BEGIN {printf \"%.2f\", int(($partitions + 7) / 8) * 5 * 0.050}")
printf '%-34s %14s %14s %8s\n' "scheduling (50 ms latency, c=8)" "wall s" "ideal s" "ratio"
printf '%-34s %14s %14s %8s\n' "" "$secs" "$ideal" "$(awk "BEGIN {printf \"%.3f\", $secs / $ideal}")"
echo

# 3. Rate limit: 20 requests/s for 30 s; the server counts the busiest 1-second window.
start_api
requests=600
[ $quick = 1 ] && requests=100
rl=$("$build/tests/bench/bench_engine" --url "$url" --partitions $((requests / 5)) --concurrency 8 --rate 20 \
    --db "$work/rate.sqlite" --param size=10 --param records=50 2>/dev/null)
stats=$(curl -s "$url/_stats" || python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$url/_stats")
stop_api
peak=$(echo "$stats" | sed -n 's/.*"max_requests_per_second":\([0-9]*\).*/\1/p')
rsecs=$(echo "$rl" | field secs)
avg=$(awk "BEGIN {printf \"%.2f\", $requests / $rsecs}")
printf '%-34s %14s %14s %8s\n' "rate limit (20/s, $requests requests)" "peak 1-s window" "average /s" ""
printf '%-34s %14s %14s %8s\n' "" "$peak" "$avg" ""
echo

# 4. Memory: peak RSS for 500k and 5M rows (5M only without --quick).
if [ $quick = 0 ]; then
    start_api
    small=$("$build/tests/bench/bench_engine" --url "$url" --partitions 200 --db "$work/m1.sqlite" 2>/dev/null)
    large=$("$build/tests/bench/bench_engine" --url "$url" --partitions 2000 --db "$work/m2.sqlite" 2>/dev/null)
    stop_api
    s_rss=$(echo "$small" | field peak_rss_mb)
    l_rss=$(echo "$large" | field peak_rss_mb)
    printf '%-34s %14s %14s %8s\n' "memory (peak RSS)" "500k rows MB" "5M rows MB" "ratio"
    printf '%-34s %14s %14s %8s\n' "" "$s_rss" "$l_rss" "$(awk "BEGIN {printf \"%.2fx\", $l_rss / $s_rss}")"
fi

# 5. The partition calendar: ten years of daily partitions, model build and repaints.
echo
"$build/tests/bench/bench_calendar" --years 10
# 6. Data browser: a QTableView over a 1M-row table (200k with --quick), timed per step.
browse_rows=1000000
[ $quick = 1 ] && browse_rows=200000
echo
echo "data browser ($browse_rows rows):"
browse=$("$build/tests/bench/bench_databrowser" --rows $browse_rows --db "$work/browse.sqlite" 2>/dev/null)
printf '%-34s %14s %14s %14s\n' "GUI-thread block, longest" "sort ms" "filter ms" "partition ms"
printf '%-34s %14s %14s %14s\n' "" "$(echo "$browse" | field sort_block_ms)" "$(echo "$browse" | field filter_block_ms)" \
    "$(echo "$browse" | field partition_block_ms)"
echo "  $browse"
# 7. GUI responsiveness: the throughput workload through the studio's run panel (offscreen), a
#    1 ms timer measuring the GUI thread's largest event-loop gap; then the same with no run.
echo
start_api
gui=$(QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_gui_stall" --url "$url" --partitions $partitions \
    --db "$work/gui.sqlite" 2>/dev/null)
stop_api
idle=$(QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_gui_stall" --idle-ms 10000 2>/dev/null)
printf '%-34s %14s %14s %8s\n' "GUI stall ($((partitions * 2500)) rows)" "max gap ms" "busy max ms" "idle ms"
printf '%-34s %14s %14s %8s\n' "" "$(echo "$gui" | field " max_ms")" "$(echo "$gui" | field busy_max_ms)" \
    "$(echo "$idle" | field " max_ms")"
echo "  $gui"
echo "  idle: $idle"
# 8. Scale with partitions: 1k, 10k and 87,672 hourly partitions (ten years) through planning, the
#    ledger, the calendar model and `backfill status`; the cost per partition and its ratio 87k/1k.
echo
if [ $quick = 1 ]; then
    "$build/tests/bench/bench_partitions" --sizes 1000,10000 --repeats 3
else
    "$build/tests/bench/bench_partitions" --repeats 7
fi
# 9. What comparing a re-pull costs in memory: one partition pulled twice, compared by the
#    PullTracker, at 1M rows and 4M rows (flat: the peak RSS does not grow with the partition).
echo
small=$([ $quick = 1 ] && echo 100000 || echo 1000000)
large=$([ $quick = 1 ] && echo 400000 || echo 4000000)
pt_small=$("$build/tests/bench/bench_pulltracker" --rows $small --db "$work/pulltracker.sqlite" 2>/dev/null)
pt_large=$("$build/tests/bench/bench_pulltracker" --rows $large --db "$work/pulltracker.sqlite" 2>/dev/null)
printf '%-34s %14s %14s %8s\n' "re-pull of one partition, peak RSS" "$small rows" "$large rows" "ratio"
printf '%-34s %14s %14s %8s\n' "" "$(echo "$pt_small" | field rss_peak_mb) MB" \
    "$(echo "$pt_large" | field rss_peak_mb) MB" \
    "$(awk "BEGIN {printf \"%.2f\", $(echo "$pt_large" | field rss_peak_mb) / $(echo "$pt_small" | field rss_peak_mb)}")"
echo "  $pt_small"
echo "  $pt_large"
