#!/usr/bin/env bash
# Incremental snapshots (issue 15, DESIGN §16). On a copy of the fixture of BLOCKS blocks over
# ACCOUNTS accounts (FIXTURE=<data dir> to reuse one; it is copied, never changed), in one run:
#   1. a Full tar snapshot of the checkpoint: the base;
#   2. the node bakes one cycle (8 blocks of 10 operations); an incremental of the new checkpoint
#      against the base, and a direct Full snapshot of the same block: sizes (tar and tar+zstd),
#      export times, the chain's import (base + incremental, every check) against the direct
#      import, squash against the direct export (and the squash checked byte-identical);
#   3. the node bakes 1,000 more blocks; the same against the same base.
# RUNS times each timing (medians printed). Every Cairn process runs with -Xmx256m; peak RSS
# (which counts LMDB's mapped pages) is reported. Every job starts after a `sync`, not timed.
#
#   benchmarks/run-incremental.sh                                   # 100,000 blocks, 3 runs
#   FIXTURE=/tmp/bench/fixture100k RUNS=5 benchmarks/run-incremental.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blocks="${BLOCKS:-100000}"
accounts="${ACCOUNTS:-100000}"
runs="${RUNS:-3}"
work="${WORK:-$root/benchmarks/target/incremental-bench}"
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
fixture="${FIXTURE:-$work/fixture}"
if [ ! -d "$fixture" ]; then
  echo "generating $blocks blocks, $accounts accounts into $fixture ..."
  cairn fixtures generate --data-dir "$fixture" --blocks "$blocks" --accounts "$accounts" \
    --progress none | head -n 1
fi
node="$work/node"
pub="$work/pub"
out="$work/out"
rm -rf "$node" "$pub" "$out"
mkdir -p "$pub" "$out"
cp -a "$fixture" "$node"
rm -f "$node/lock"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
: > "$work/results.txt"
: > "$work/sizes.txt"
timed() {
  local name="$1"; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null
  echo "$name $(cat "$work/time.txt")" >> "$work/results.txt"
}
size() { du -sb "$1" | cut -f1; }
row() { # row LABEL NAME [REFERENCE]: median seconds and RSS of NAME, and its ratio to REFERENCE
  local s r
  s=$(awk -v n="$2" '$1 == n {print $2}' "$work/results.txt" | median)
  r=$(awk -v n="$2" '$1 == n {print $3}' "$work/results.txt" | median)
  if [ $# -ge 3 ]; then
    local ref
    ref=$(awk -v n="$3" '$1 == n {print $2}' "$work/results.txt" | median)
    printf "  %-44s %8.2f s  %6.0f MB   %5.2fx %s\n" "$1" "$s" "$((r / 1024))" \
      "$(echo "$s / $ref" | bc -l)" "$3"
  else
    printf "  %-44s %8.2f s  %6.0f MB\n" "$1" "$s" "$((r / 1024))"
  fi
}

echo "base: Full tar of the checkpoint"
cairn snapshot export --data-dir "$node" --progress none "$pub/base.full" > /dev/null
echo "base: $(size "$pub/base.full") bytes"

round() { # round TAG BLOCKS: bake, export the incremental and a direct snapshot, time them
  local tag="$1" more="$2"
  cairn node run --data-dir "$node" --blocks "$more" --ops-per-block 10 --progress none \
    > /dev/null
  cairn snapshot export --data-dir "$node" --progress none \
    --incremental-from "$pub/base.full.manifest.json" "$pub/inc-$tag.full" > /dev/null
  cairn snapshot export --data-dir "$node" --progress none "$pub/direct-$tag.full" > /dev/null
  cairn snapshot export --data-dir "$node" --progress none --compress zstd \
    --incremental-from "$pub/base.full.manifest.json" "$out/inc-$tag.full.zst" > /dev/null
  cairn snapshot export --data-dir "$node" --progress none --compress zstd \
    "$out/direct-$tag.full.zst" > /dev/null
  local inc direct incz directz
  inc=$(size "$pub/inc-$tag.full"); direct=$(size "$pub/direct-$tag.full")
  incz=$(size "$out/inc-$tag.full.zst"); directz=$(size "$out/direct-$tag.full.zst")
  echo "$tag: incremental $inc bytes, direct Full $direct bytes: $(echo "100 * $inc / $direct" \
    | bc -l | cut -c1-5)% (tar+zstd: $incz against $directz bytes:" \
    "$(echo "100 * $incz / $directz" | bc -l | cut -c1-5)%)" | tee -a "$work/sizes.txt"
  for run in $(seq 1 "$runs"); do
    timed "export_inc_$tag" "$work/cairn" snapshot export --data-dir "$node" --progress none \
      --incremental-from "$pub/base.full.manifest.json" "$out/inc-$tag-$run"
    timed "export_direct_$tag" "$work/cairn" snapshot export --data-dir "$node" \
      --progress none "$out/direct-$tag-$run"
    rm -rf "$out/inc-$tag-$run"* "$out/direct-$tag-$run"*
    timed "import_chain_$tag" "$work/cairn" snapshot import --data-dir "$out/chain" \
      --progress none "$pub/inc-$tag.full.manifest.json"
    timed "import_direct_$tag" "$work/cairn" snapshot import --data-dir "$out/direct" \
      --progress none "$pub/direct-$tag.full"
    rm -rf "$out/chain" "$out/direct"
    timed "import_base_$tag" "$work/cairn" snapshot import --data-dir "$out/base" \
      --progress none "$pub/base.full"
    rm -rf "$out/base"
    timed "squash_$tag" "$work/cairn" snapshot squash --progress none \
      "$pub/inc-$tag.full.manifest.json" "$out/squashed-$tag"
    cmp "$out/squashed-$tag" "$pub/direct-$tag.full" || { echo "squash differs"; exit 1; }
    rm -rf "$out/squashed-$tag"*
  done
}

round cycle 8
round 1000 1000

echo
echo "Medians of $runs (-Xmx256m; RSS includes LMDB's mapped pages):"
cat "$work/sizes.txt"
for tag in cycle 1000; do
  if [ "$tag" = cycle ]; then echo "after one cycle (8 blocks):"; else echo "after 1,000 more:"; fi
  row "export incremental" "export_inc_$tag" "export_direct_$tag"
  row "export direct Full" "export_direct_$tag"
  row "import base + incremental (every check)" "import_chain_$tag" "import_direct_$tag"
  row "import direct Full (every check)" "import_direct_$tag"
  row "import base alone" "import_base_$tag"
  row "squash base + incremental" "squash_$tag" "export_direct_$tag"
done
