#!/usr/bin/env bash
# libFuzzer runs of the core's parsers: .ci/fuzz/run.sh TARGET SECONDS
#   TARGET: line | config | csv | tally | keys     (default line, 60 s)
# Builds AttendCore's sources with the harness under -sanitize=fuzzer,address into
# .build/fuzz/TARGET and runs it; findings (crash-*, timeout-*, leak-*) land in .build/fuzz/.
# Not run by CI: a manual, longer check beside the deterministic FuzzTests in `swift test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target=${1:-line}
seconds=${2:-60}
flag=FUZZ_$(echo "$target" | tr a-z A-Z)
out=.build/fuzz
mkdir -p "$out/corpus-$target"
# Start from one well-formed input (a tally, a list, a signed line, the example config).
case $target in
    tally) seed=.ci/fuzz/seeds/tally.json ;;
    csv) seed=.ci/fuzz/seeds/list.csv ;;
    line) seed=.ci/fuzz/seeds/line.txt ;;
    keys) seed=.ci/fuzz/seeds/keys.txt ;;
    config) seed=config/attendd.conf ;;
    *) echo "unknown target $target (line, config, csv, tally, keys)" >&2; exit 2 ;;
esac
cp "$seed" "$out/corpus-$target/seed"
# Inputs as long as the seed, at least: a tally is a few kB of JSON.
max_len=$(( $(wc -c < "$seed") * 2 > 4096 ? $(wc -c < "$seed") * 2 : 4096 ))
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name AttendFuzz -D "$flag" \
    Sources/AttendCore/*.swift .ci/fuzz/Harness.swift -o "$out/$target" 2> >(grep -v "Cannot export local symbol" >&2)
cd "$out"
exec "./$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="./$target-" "corpus-$target"
