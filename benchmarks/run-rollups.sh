#!/usr/bin/env bash
# Rollup snapshots (issue 16, DESIGN §17). On an L1 testnet with one arith rollup of LEVELS
# levels (messages in every level; FIXTURE=<dir> to reuse one, which is copied, never changed),
# whose challenge window is half of LEVELS, so that the last cemented commitment is half-way up
# (as a real network's two weeks keep it far behind the head), in one run:
#   1. rollup run (archive) from the origination: levels/s;
#   2. sizes of full and compact snapshots, tar and tar+zstd;
#   3. export times of each under each compression (no, on-the-fly, after), with --no-check,
#      against `tar cf` (and `tar cf | zstd -1 -T2`) of the rollup node's own files;
#   4. the hold-up of a RUNNING node: L1 bakes (node run) and the rollup node follows (rollup run
#      --follow) while each export runs; each export's hold (its --json) and the levels the node
#      made during the export;
#   5. import of each (every check, against L1): times against `tar xf` + sync of the snapshot,
#      and for compact the levels rebuilt per second.
# RUNS times each timing (medians printed). Every Cairn process runs with -Xmx256m; peak RSS is
# reported (it counts LMDB's mapped pages). Every job starts after a `sync`, not timed.
#
#   benchmarks/run-rollups.sh                    # 10,000 levels, 3 runs
#   LEVELS=2000 RUNS=1 benchmarks/run-rollups.sh # a quick look
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
levels="${LEVELS:-10000}"
runs="${RUNS:-3}"
work="${WORK:-$root/benchmarks/target/rollup-bench}"
mkdir -p "$work"
"$root/cairn" --version >/dev/null # builds once, outside the timings
cp "$root/node/target/cairn.jar" "$work/cairn.jar"
cat > "$work/cairn" <<LAUNCHER
#!/usr/bin/env bash
exec java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \\
  -Xmx256m -jar "$work/cairn.jar" "\$@"
LAUNCHER
chmod +x "$work/cairn"
cairn() { "$work/cairn" "$@"; }
fixture="${FIXTURE:-$work/l1-$levels}"
if [ ! -d "$fixture" ]; then
  echo "generating an L1 of $((levels + 10)) blocks with one rollup into $fixture ..."
  cairn fixtures generate --data-dir "$fixture" --blocks "$((levels + 10))" --accounts 200 \
    --ops-per-block 2 --side-branch-every 0 --protocol-switch-at 2 --rollups 1 \
    --rollup-challenge-window "$((levels / 2))" --progress none | head -n 1
fi
l1="$work/l1"
node="$work/node"
out="$work/out"
rm -rf "$l1" "$node" "$out" "$work"/running-*
mkdir -p "$out"
cp -a "$fixture" "$l1"
rm -f "$l1/lock"
rollup=$(cairn node info --data-dir "$l1" --json | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["rollups"][0]["address"])')

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
: > "$work/results.txt"
: > "$work/notes.txt"
timed() {
  local name="$1"; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out"
  echo "$name $(cat "$work/time.txt")" >> "$work/results.txt"
}
note() { echo "$1 $2" >> "$work/notes.txt"; }
size() { du -sb "$1" | cut -f1; }
row() { # row LABEL NAME [REFERENCE]: median seconds and RSS of NAME, and its ratio to REFERENCE
  local s r
  s=$(awk -v n="$2" '$1 == n {print $2}' "$work/results.txt" | median)
  r=$(awk -v n="$2" '$1 == n {print $3}' "$work/results.txt" | median)
  if [ $# -ge 3 ]; then
    local ref
    ref=$(awk -v n="$3" '$1 == n {print $2}' "$work/results.txt" | median)
    if [ "$(echo "$ref > 0" | bc -l)" = 1 ]; then
      printf "  %-46s %8.2f s  %6.0f MB   %5.2fx %s\n" "$1" "$s" "$((r / 1024))" \
        "$(echo "$s / $ref" | bc -l)" "$3"
    else
      printf "  %-46s %8.2f s  %6.0f MB   (%s took under 10 ms)\n" "$1" "$s" "$((r / 1024))" "$3"
    fi
  else
    printf "  %-46s %8.2f s  %6.0f MB\n" "$1" "$s" "$((r / 1024))"
  fi
}
noted() { awk -v n="$1" '$1 == n {print $2}' "$work/notes.txt" | median; }

echo "1. rollup run (archive) on $rollup"
timed run "$work/cairn" rollup run --data-dir "$node" --l1-data-dir "$l1" --rollup "$rollup" \
  --history-mode archive --progress none
made=$(cairn rollup info --data-dir "$node" --json | python3 -c \
  'import json,sys; d=json.load(sys.stdin); print(d["head"]["level"] - d["first_level"])')
echo "   $made levels"

echo "2-3. exports"
for run in $(seq 1 "$runs"); do
  sync
  timed tar_cf tar cf "$out/node.tar" -C "$node" .
  timed tar_zstd sh -c "tar cf - -C '$node' . | zstd -1 -T2 -q -o '$out/node.tar.zst'"
  for kind in full compact; do
    flag=""; [ "$kind" = compact ] && flag="--compact"
    for how in no on-the-fly after; do
      timed "export_${kind}_$how" "$work/cairn" rollup snapshot export --data-dir "$node" \
        $flag --compression "$how" --no-check --json --progress none "$out/$kind-$how-$run"
      note "hold_idle_${kind}_$how" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hold_milliseconds"])' "$work/last.out")"
      if [ "$run" -lt "$runs" ]; then rm -f "$out/$kind-$how-$run"*; fi
    done
  done
  rm -f "$out/node.tar" "$out/node.tar.zst"
done
full="$out/full-on-the-fly-$runs"; compact="$out/compact-on-the-fly-$runs"
fulltar="$out/full-no-$runs"; compacttar="$out/compact-no-$runs"

echo "4. the hold-up of a running node"
cp -a "$l1" "$work/running-l1"; rm -f "$work/running-l1/lock"
cp -a "$node" "$work/running-node"; rm -f "$work/running-node/lock"
# The launcher execs java, so $! is the JVM itself (a shell function would be a subshell).
"$work/cairn" node run --data-dir "$work/running-l1" --blocks 100000 --interval-ms 100 \
  --ops-per-block 2 --progress none > /dev/null 2>&1 &
l1pid=$!
"$work/cairn" rollup run --data-dir "$work/running-node" --l1-data-dir "$work/running-l1" \
  --follow --poll-ms 100 --progress none > /dev/null 2>&1 &
nodepid=$!
head_level() { cairn rollup info --data-dir "$work/running-node" --json | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["head"]["level"])'; }
# wait for the follower to be running (no sleep as synchronisation in tests; this is a benchmark)
for _ in $(seq 1 100); do [ -f "$work/running-node/gc.hold" ] || sleep 0.2; done
sleep 3
for run in $(seq 1 "$runs"); do
  for kind in full compact; do
    flag=""; [ "$kind" = compact ] && flag="--compact"
    for how in no on-the-fly after; do
      before=$(head_level)
      start=$(date +%s.%N)
      "$work/cairn" rollup snapshot export --data-dir "$work/running-node" $flag \
        --compression "$how" --no-check --json --progress none "$out/running-$kind-$how-$run" \
        > "$work/last.out"
      end=$(date +%s.%N)
      after=$(head_level)
      note "hold_running_${kind}_$how" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hold_milliseconds"])' "$work/last.out")"
      note "levels_during_${kind}_$how" "$((after - before))"
      note "seconds_during_${kind}_$how" "$(echo "$end - $start" | bc -l)"
      rm -f "$out/running-$kind-$how-$run"*
    done
  done
done
kill -TERM "$nodepid" "$l1pid" 2>/dev/null || true
wait "$nodepid" "$l1pid" 2>/dev/null || true

echo "5. imports"
for run in $(seq 1 "$runs"); do
  mkdir -p "$out/x"
  timed tar_xf sh -c "tar xf '$fulltar' -C '$out/x' && sync -f '$out/x'"
  rm -rf "$out/x"
  for kind in full compact; do
    src="$out/$kind-on-the-fly-$runs"
    timed "import_$kind" "$work/cairn" rollup snapshot import --data-dir "$out/imported" \
      --l1-data-dir "$l1" --json --progress none "$src"
    python3 - "$work/last.out" "$kind" >> "$work/notes.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"replayed_{sys.argv[2]} {d['replayed_levels']}")
print(f"replay_rate_{sys.argv[2]} {d['replayed_levels'] / max(d['replay_milliseconds'], 1e-6) * 1000:.0f}")
PY
    rm -rf "$out/imported"
  done
done

echo
echo "Medians of $runs (-Xmx256m; RSS includes LMDB's mapped pages):"
echo "rollup: $made levels, node data dir $(size "$node") bytes"
printf "sizes: full tar %s, full tar+zstd %s; compact tar %s, compact tar+zstd %s (compact %.1f%% of full, zstd)\n" \
  "$(size "$fulltar")" "$(size "$full")" "$(size "$compacttar")" "$(size "$compact")" \
  "$(echo "100 * $(size "$compact") / $(size "$full")" | bc -l)"
row "rollup run (archive), all levels" run
echo "exports (idle node):"
row "tar cf of the node's files" tar_cf
row "tar cf | zstd -1 -T2 of them" tar_zstd
for kind in full compact; do
  row "$kind, no compression" "export_${kind}_no" tar_cf
  row "$kind, on-the-fly" "export_${kind}_on-the-fly" tar_zstd
  row "$kind, after" "export_${kind}_after" tar_zstd
done
echo "hold-up (ms; idle node / node running and following L1), levels made during the export:"
for kind in full compact; do
  for how in no on-the-fly after; do
    printf "  %-8s %-11s %7.1f ms / %7.1f ms   %s levels in %.1f s\n" "$kind" "$how" \
      "$(noted "hold_idle_${kind}_$how")" "$(noted "hold_running_${kind}_$how")" \
      "$(noted "levels_during_${kind}_$how")" "$(noted "seconds_during_${kind}_$how")"
  done
done
echo "imports (every check, against L1):"
row "tar xf + sync of the full tar" tar_xf
row "full (tar+zstd)" import_full tar_xf
row "compact (tar+zstd)" import_compact tar_xf
echo "  replayed: full $(noted replayed_full) levels at $(noted replay_rate_full) levels/s;" \
  "compact $(noted replayed_compact) levels rebuilt at $(noted replay_rate_compact) levels/s"
