#!/usr/bin/env bash
# Fuzzes each target for MINUTES (default 10) under ASan + UBSan, one after the other, on a
# scratch copy of its corpus, and prints one line per target: executions, coverage (edges and
# features), corpus size, and what was found. Needs clang and libclang-rt-14-dev.
#   bash tests/fuzz/run.sh [MINUTES] [TARGET...]
# Targets: specloader expression jmespath partitionrange page (all by default). Findings stay
# in $FUZZ_WORK/artifacts/<target>/ (default /tmp/backfill-fuzz): see tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${1:-10}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(specloader expression jmespath partitionrange page); fi
work="${FUZZ_WORK:-/tmp/backfill-fuzz}"

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "run.sh: needs clang and libFuzzer: apt-get install -y --no-install-recommends clang libclang-rt-14-dev" >&2
    exit 2
fi
cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j"${FUZZ_JOBS:-$(nproc)}" --target $(printf 'fuzz_%s ' "${targets[@]}")

status=0
printf '%-15s %8s %12s %9s %7s %7s %s\n' target minutes executions exec/s edges features "corpus / found"
for name in "${targets[@]}"; do
    corpus="$work/corpus/$name"
    artifacts="$work/artifacts/$name"
    log="$work/$name.log"
    mkdir -p "$corpus" "$artifacts"
    cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    dict=()
    if [ -f "tests/fuzz/$name.dict" ]; then dict=(-dict="tests/fuzz/$name.dict"); fi
    set +e
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
        "build/fuzz/tests/fuzz/fuzz_$name" -max_total_time=$((minutes * 60)) -timeout=30 -rss_limit_mb=4096 \
        "${dict[@]}" -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    edges=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    found=$(find "$artifacts" -type f | wc -l)
    printf '%-15s %8s %12s %9s %7s %7s %s\n' "$name" "$minutes" "${runs:-?}" "${speed:-?}" "${edges:-?}" \
        "${features:-?}" "$(ls "$corpus" | wc -l) / $found (exit $rc)"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then status=1; fi
done
exit $status
