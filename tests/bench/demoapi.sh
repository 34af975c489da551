# Sourced by the benchmark scripts. start_demo_api [ARGS...]: starts $build's backfill-demo-api
# on a free port of 127.0.0.1 with ARGS, its output in $work; sets api_pid and url.
start_demo_api() {
    "$build/app/backfill-demo-api" --port 0 "$@" >"$work/api.out" 2>"$work/api.err" &
    api_pid=$!
    for _ in $(seq 50); do
        [ -s "$work/api.out" ] && break
        sleep 0.1
    done
    url=$(head -1 "$work/api.out")
}
