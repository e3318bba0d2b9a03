#!/usr/bin/env bash
# The testnet generator at scale (issue: validator and testnet-fixtures): generate a fixture of
# BLOCKS blocks of OPS operations over ACCOUNTS accounts, RUNS times, through ./cairn with -Xmx256m;
# report the median time, blocks/s, operations/s, peak RSS and the fixture's size on disk. Then
# replay an archive chain of REPLAY_BLOCKS blocks with every check (`store check --replay`: every
# signature verified, every context hash recomputed), RUNS times.
#
#   benchmarks/run-fixtures.sh                          # 100,000 blocks, 3 runs (about 15 minutes)
#   BLOCKS=20000 RUNS=1 benchmarks/run-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blocks="${BLOCKS:-100000}"
accounts="${ACCOUNTS:-100000}"
ops="${OPS:-10}"
runs="${RUNS:-3}"
replay_blocks="${REPLAY_BLOCKS:-5000}"
work="${WORK:-$root/benchmarks/target/fixtures-bench}"
export CAIRN_JAVA_OPTS="-Xmx256m"
rm -rf "$work" && mkdir -p "$work"
"$root/cairn" --version >/dev/null # builds once, outside the timings

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1 || true)"
echo "generate: $blocks blocks x $ops operations, $accounts accounts, $runs runs, -Xmx256m"
: > "$work/generate.txt"
for run in $(seq "$runs"); do
  rm -rf "$work/fixture"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$root/cairn" fixtures generate \
    --data-dir "$work/fixture" --blocks "$blocks" --accounts "$accounts" --ops-per-block "$ops" \
    --progress none > "$work/out.txt"
  read -r seconds rss < "$work/time.txt"
  operations="$(sed -n 's/.* blocks, \([0-9]*\) operations in .*/\1/p' "$work/out.txt")"
  echo "$seconds $rss $operations" >> "$work/generate.txt"
  echo "  run $run: ${seconds} s, peak RSS $((rss / 1024)) MB, $operations operations"
done
t="$(cut -d' ' -f1 "$work/generate.txt" | median)"
rss="$(cut -d' ' -f2 "$work/generate.txt" | median)"
operations="$(head -n 1 "$work/generate.txt" | cut -d' ' -f3)"
echo "generate median: $t s (whole process, genesis included); $(awk -v b="$blocks" -v t="$t" 'BEGIN {printf "%.0f", b / t}') blocks/s, $(awk -v o="$operations" -v t="$t" 'BEGIN {printf "%.0f", o / t}') operations/s; peak RSS $((rss / 1024)) MB"
echo "fixture on disk: $(du -sh "$work/fixture" | cut -f1) (store $(du -sh "$work/fixture/store" | cut -f1), context $(du -sh "$work/fixture/context" | cut -f1)), $(find "$work/fixture" -type f | wc -l) files"
"$root/cairn" node info --data-dir "$work/fixture" | sed -n 's/^\(head\|savepoint\|caboose\) */  \1 /p'

echo "replay with every check: an archive chain of $replay_blocks blocks, $runs runs"
rm -rf "$work/archive"
"$root/cairn" fixtures generate --data-dir "$work/archive" --blocks "$replay_blocks" \
  --accounts "$accounts" --ops-per-block "$ops" --history-mode archive --progress none > /dev/null
: > "$work/replay.txt"
for run in $(seq "$runs"); do
  /usr/bin/time -f "%e" -o "$work/time.txt" "$root/cairn" store check --data-dir "$work/archive" \
    --replay --progress none > "$work/out.txt"
  cat "$work/time.txt" >> "$work/replay.txt"
  echo "  run $run: $(cat "$work/time.txt") s; $(grep -o '[0-9]* blocks replayed' "$work/out.txt")"
done
t="$(median < "$work/replay.txt")"
echo "replay median: $t s (whole check, store and head context included); $(awk -v b="$replay_blocks" -v t="$t" 'BEGIN {printf "%.0f", b / t}') blocks/s, $(awk -v o="$((replay_blocks * ops))" -v t="$t" 'BEGIN {printf "%.0f", o / t}') operations/s"
rm -rf "$work"
