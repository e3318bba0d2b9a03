#!/usr/bin/env bash
# Snapshots at scale (issues: the snapshot module; performance at scale). On a testnet fixture
# (generated once and cached in benchmarks/cache/, or FIXTURE=<data dir>), RUNS times each, in one
# run, every Cairn job a whole `cairn` process with -Xmx256m:
#   export Full tar, tar+zstd, Raw; Rolling tar  against the same snapshot's bytes (its Raw
#       layout): tar cf, tar cf | zstd -1 -T2, cp -r (each also + sync: Cairn syncs, they do not)
#   import Full tar with every check, --no-check, tar+zstd, Raw; Rolling  against tar xf + sync -f
#   fixed cost: snapshot info, and export and import of a 40-block fixture
#   trust: import through the manifest, verify, split export and import
#   Blake2b: Cairn's engine (libsodium) and Bouncy Castle on the Full tar against b2sum -l 256
# then, once, a profile (JFR) of an export and an import: the share of each phase.
# Reported: medians, the ratios the performance issue sets as targets, peak RSS split into
# anonymous memory and file-backed pages (LMDB's maps).
#
#   benchmarks/run-snapshots.sh                    # 100,000 blocks and accounts, 5 runs
#   SIZE=1m TARGETS_ONLY=1 RUNS=1 benchmarks/run-snapshots.sh
#                                                  # 1,000,000 blocks of one operation and 1,000,000
#                                                  # accounts (generated once, about 16 minutes,
#                                                  # cached; OPS_PER_BLOCK=10: about 90 minutes)
#   SHAPE=tezos BLOCKS=40960 benchmarks/run-snapshots.sh  # 10 cycles of 4,096 blocks, 20 operations a block
#   BASELINE_JAR=<an older cairn.jar> benchmarks/run-snapshots.sh
#       also runs each Cairn job with that jar (as launchers ran it before the class-data archive:
#       plain java -jar), right beside the current one (the order alternating from run to run),
#       prints both medians and their ratio, and checks that both wrote the same snapshots byte
#       for byte.
#   FIXTURE=<data dir> PROFILE=0 ...               # another fixture; no profile
#   TARGETS_ONLY=1 ...                             # only the jobs the targets need (no Rolling,
#                                                  # no zstd or Raw imports, no trust jobs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${SIZE:-100k}"
case "$size" in
  100k) blocks=100000 accounts=100000 ;;
  1m) blocks=1000000 accounts=1000000 ;;
  *) echo "SIZE is 100k or 1m" >&2; exit 2 ;;
esac
case "${SHAPE:-sandbox}" in
  sandbox) cycle=8 ops=10 ;;
  tezos) cycle=4096 ops=20 ;;
  *) echo "SHAPE is sandbox or tezos" >&2; exit 2 ;;
esac
# A million ten-operation blocks take about 90 minutes to generate here; one-operation blocks 16.
if [ "$size" = 1m ] && [ "${SHAPE:-sandbox}" = sandbox ]; then ops=1; fi
ops="${OPS_PER_BLOCK:-$ops}"
blocks="${BLOCKS:-$blocks}"
accounts="${ACCOUNTS:-$accounts}"
runs="${RUNS:-5}"
work="${WORK:-$root/benchmarks/target/snapshot-bench}"
cache="$root/benchmarks/cache"
mkdir -p "$work" "$cache"
: > "$work/results.txt"
: > "$work/mbps.txt"
# shellcheck source=benchmarks/lib.sh
. "$root/benchmarks/lib.sh"

"$root/cairn" --version > /dev/null # builds once, outside the timings
bench_launcher cairn "$root/node/target/cairn.jar"
baseline="${BASELINE_JAR:-}"
[ -n "$baseline" ] && plain_launcher baseline "$baseline"
if [ ! -f "$root/benchmarks/target/benchmarks.jar" ] \
    || [ "$root/node/target/cairn.jar" -nt "$root/benchmarks/target/benchmarks.jar" ]; then
  (cd "$root" && mvn -B -q -o -pl benchmarks -am package -DskipTests > /dev/null)
fi

# generate DIR BLOCKS ACCOUNTS: a fixture, timed (the generation's own heap: GEN_HEAP, 2g).
generate() {
  echo "generating $2 blocks, $3 accounts (cycles of $cycle, $ops operations a block) into $1 ..."
  CAIRN_JAVA_OPTS="-Xmx${GEN_HEAP:-2g}" /usr/bin/time -f "generated in %e s, peak RSS %M KB" \
    "$root/cairn" fixtures generate --data-dir "$1" --blocks "$2" --accounts "$3" \
    --blocks-per-cycle "$cycle" --ops-per-block "$ops" --progress none
}
fixture="${FIXTURE:-$cache/fixture-$blocks-$accounts-$cycle-$ops}"
[ -d "$fixture" ] || generate "$fixture" "$blocks" "$accounts"
small="$cache/fixture-40-100-8-10"
[ -d "$small" ] || { cycle=8 ops=10 generate "$small" 40 100 > /dev/null; }

out="$work/out"
# timed NAME COMMAND...: timed_once, and for a Cairn job ("$work/cairn" ...) the same with the
# baseline jar, if any, as "base_NAME" writing under $out/base, before or after as the run says.
timed() {
  local name="$1"; shift
  if [ -n "$baseline" ] && [ "$1" = "$work/cairn" ]; then
    shift
    local args=("$@")
    if [ $((run % 2)) -eq 0 ]; then
      timed_once "base_$name" "$work/baseline" "${args[@]/$out/$out/base}"
      timed_once "$name" "$work/cairn" "${args[@]}"
    else
      timed_once "$name" "$work/cairn" "${args[@]}"
      timed_once "base_$name" "$work/baseline" "${args[@]/$out/$out/base}"
    fi
  else
    timed_once "$name" "$@"
  fi
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); Blake2b: $(java -cp \
  "$root/benchmarks/target/benchmarks.jar" dev.cairn.benchmarks.Blake2bFileThroughput \
  "$root/cairn" 1 | cut -d' ' -f1)"
echo "fixture: $fixture: $(du -sh "$fixture" | cut -f1) on disk, $(find "$fixture" -type f | wc -l) files; $runs runs"
compared=0
different=""
for run in $(seq "$runs"); do
  rm -rf "$out" && mkdir -p "$out/base"
  c="$work/cairn"
  timed export_full_tar "$c" snapshot export --data-dir "$fixture" --progress none "$out/full.tar"
  # The snapshot's own bytes for the tools: its members as files, as its Raw layout holds them.
  mkdir "$out/bytes" && tar xf "$out/full.tar" -C "$out/bytes"
  timed_once tar_cf tar cf "$out/r.tar" -C "$out/bytes" .
  timed_once tar_cf_sync sh -c "tar cf '$out/r2.tar' -C '$out/bytes' . && sync '$out/r2.tar'"
  timed_once tar_zstd sh -c "tar cf - -C '$out/bytes' . | zstd -q -1 -T2 -o '$out/r.tar.zst'"
  timed_once cp_r cp -r "$out/bytes" "$out/cp"
  timed_once cp_r_sync sh -c "cp -r '$out/bytes' '$out/cp2' && sync -f '$out/cp2'"
  rm -rf "$out/r.tar" "$out/r2.tar" "$out/r.tar.zst" "$out/cp" "$out/cp2" "$out/bytes"
  # A Raw snapshot's manifest lists each file, at most 100,000 of them (DESIGN §14): a chain of
  # more than about 800,000 blocks in 8-block cycles has more, and its Raw export is refused.
  if ! timed export_full_raw "$c" snapshot export --data-dir "$fixture" --export-format raw --progress none "$out/full.raw"; then
    echo "  export_full_raw refused (see above)"
  fi
  timed export_full_zstd "$c" snapshot export --data-dir "$fixture" --compress zstd --progress none "$out/full.tar.zst"
  only_targets="${TARGETS_ONLY:-0}"
  [ "$only_targets" = 1 ] || timed export_rolling_tar "$c" snapshot export --data-dir "$fixture" --rolling --progress none "$out/rolling.tar"
  timed_once tar_xf sh -c "mkdir '$out/x' && tar xf '$out/full.tar' -C '$out/x'"
  timed_once tar_xf_sync sh -c "mkdir '$out/y' && tar xf '$out/full.tar' -C '$out/y' && sync -f '$out/y'"
  rm -rf "$out/x" "$out/y"
  timed import_full_tar "$c" snapshot import --data-dir "$out/i1" --progress none "$out/full.tar"
  rm -rf "$out/i1" "$out/base/i1"
  timed import_full_nocheck "$c" snapshot import --data-dir "$out/i2" --no-check --progress none "$out/full.tar"
  rm -rf "$out/i2" "$out/base/i2"
  if [ "$only_targets" != 1 ]; then
    timed import_full_zstd "$c" snapshot import --data-dir "$out/i3" --progress none "$out/full.tar.zst"
    rm -rf "$out/i3" "$out/base/i3"
    [ -d "$out/full.raw" ] && timed import_full_raw "$c" snapshot import --data-dir "$out/i4" --progress none "$out/full.raw"
    rm -rf "$out/i4" "$out/base/i4"
    timed import_rolling_tar "$c" snapshot import --data-dir "$out/i5" --progress none "$out/rolling.tar"
    rm -rf "$out/i5" "$out/base/i5"
  fi
  timed info_zstd "$c" snapshot info "$out/full.tar.zst"
  timed export_small "$c" snapshot export --data-dir "$small" --progress none "$out/small.tar"
  timed import_small "$c" snapshot import --data-dir "$out/i6" --progress none "$out/small.tar"
  rm -rf "$out/i6" "$out/base/i6"
  # Trust (issue 13): not run with a baseline jar, which may have no manifests.
  if [ "$only_targets" != 1 ]; then
    timed_once sha256sum_full sha256sum "$out/full.tar"
    timed_once import_full_manifest "$c" snapshot import --data-dir "$out/i7" --progress none "$out/full.tar.manifest.json"
    rm -rf "$out/i7"
    timed_once verify_full_manifest "$c" snapshot verify --scratch-dir "$out" --progress none "$out/full.tar.manifest.json"
    timed_once export_full_split "$c" snapshot export --data-dir "$fixture" --split-size 64MiB --progress none "$out/split.tar"
    timed_once import_full_split "$c" snapshot import --data-dir "$out/i8" --progress none "$out/split.tar.manifest.json"
    rm -rf "$out/i8" "$out"/split.tar*
  fi
  # Blake2b over the Full tar, 64 KiB at a time, against b2sum on the same file.
  timed_once b2sum_full b2sum -l 256 "$out/full.tar"
  for engine in sodium bouncycastle; do
    java -Dcairn.blake2b="$([ "$engine" = sodium ] && echo auto || echo bouncycastle)" \
      -cp "$root/benchmarks/target/benchmarks.jar" dev.cairn.benchmarks.Blake2bFileThroughput \
      "$out/full.tar" 3 | awk -v n="blake2b_$engine" '{print n, $2}' >> "$work/mbps.txt"
  done
  if [ -n "$baseline" ]; then
    for f in full.tar full.tar.zst $([ "$only_targets" = 1 ] || echo rolling.tar); do
      compared=$((compared + 1))
      cmp -s "$out/$f" "$out/base/$f" || different="$different $f (run $run)"
    done
    compared=$((compared + 1))
    if [ -d "$out/full.raw" ]; then
      diff -r "$out/full.raw" "$out/base/full.raw" > /dev/null || different="$different full.raw (run $run)"
    fi
  fi
  echo "  run $run done"
done
full_tar_bytes="$(stat -c %s "$out/full.tar")"
sizes="Full tar $full_tar_bytes, Full tar+zstd $(stat -c %s "$out/full.tar.zst")"
[ -d "$out/full.raw" ] && sizes="$sizes, Raw $(du -sb "$out/full.raw" | cut -f1)"
[ -f "$out/rolling.tar" ] && sizes="$sizes, Rolling tar $(stat -c %s "$out/rolling.tar")"
mbps() { { grep "^$1 " "$work/mbps.txt" || true; } | cut -d' ' -f2 | median; }
b2sum_mbps="$(awk -v b="$full_tar_bytes" -v s="$(med b2sum_full)" 'BEGIN {printf "%.0f", (s > 0 ? b / 1e6 / s : 0)}')"

printf '\n%-22s %9s %9s %9s %9s   %s\n' "job" "median s" "RSS MB" "anon MB" "file MB" "ratios"
for job in tar_cf tar_cf_sync tar_zstd cp_r cp_r_sync export_full_tar export_full_zstd \
    export_full_raw export_rolling_tar tar_xf tar_xf_sync import_full_tar import_full_nocheck \
    import_full_zstd import_full_raw import_rolling_tar info_zstd export_small import_small \
    sha256sum_full import_full_manifest verify_full_manifest export_full_split import_full_split \
    b2sum_full; do
  [ -n "$(med "$job")" ] || continue
  case "$job" in
    export_full_tar|export_rolling_tar) r="$(ratio "$job" tar_cf)x tar cf, $(ratio "$job" tar_cf_sync)x tar cf+sync" ;;
    export_full_zstd) r="$(ratio "$job" tar_zstd)x tar cf|zstd" ;;
    export_full_raw) r="$(ratio "$job" cp_r)x cp -r, $(ratio "$job" cp_r_sync)x cp -r+sync" ;;
    import_full_manifest|import_full_split) r="$(ratio "$job" import_full_tar)x import without a manifest" ;;
    verify_full_manifest) r="$(ratio "$job" import_full_manifest)x import through the manifest" ;;
    export_full_split) r="$(ratio "$job" export_full_tar)x export unsplit" ;;
    import_*_tar|import_full_nocheck|import_full_zstd|import_full_raw) r="$(ratio "$job" tar_xf_sync)x tar xf+sync, $(ratio "$job" tar_xf)x tar xf" ;;
    *) r="" ;;
  esac
  if [ -n "$baseline" ] && grep -q "^base_$job " "$work/results.txt"; then
    r="$r; baseline $(med "base_$job") s, $(ratio "$job" "base_$job")x it"
  fi
  printf '%-22s %9s %9s %9s %9s   %s\n' "$job" "$(med "$job")" "$(( $(peak 3 "$job") / 1024 ))" \
    "$(( $(peak 4 "$job") / 1024 ))" "$(( $(peak 5 "$job") / 1024 ))" "$r"
done
echo "Blake2b over the Full tar: b2sum $b2sum_mbps MB/s, Cairn (libsodium) $(mbps blake2b_sodium) MB/s, Bouncy Castle $(mbps blake2b_bouncycastle) MB/s"
echo "sizes (bytes): $sizes"
if [ "$compared" -gt 0 ]; then
  echo "byte for byte against the baseline jar: ${different:-all $compared snapshots identical (Full tar, tar+zstd, Raw; Rolling tar; every run)}${different:+ DIFFERENT:$different}"
fi

# The targets of the performance issue, from the medians above.
target() { # NAME VALUE OP LIMIT
  awk -v n="$1" -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
    ok = (op == "<=") ? (v <= l) : (v >= l); printf "  %-46s %8.2f %s %-6s %s\n", n, v, op, l, ok ? "met" : "NOT met" }'
}
anon_max=0
for job in export_full_tar export_full_zstd export_full_raw import_full_tar import_full_nocheck import_full_zstd import_full_raw; do
  a="$(peak 4 "$job")"
  if [ "${a:-0}" -gt "$anon_max" ]; then anon_max="$a"; fi
done
echo "targets:"
target "snapshot info (s)" "$(med info_zstd)" "<=" 0.3
target "export of 40 blocks, the fixed cost (s)" "$(med export_small)" "<=" 0.35
target "export Full tar / tar cf" "$(ratio export_full_tar tar_cf)" "<=" 1.5
target "export Full tar+zstd / tar cf | zstd -1 -T2" "$(ratio export_full_zstd tar_zstd)" "<=" 1.2
if [ -n "$(med export_full_raw)" ]; then
  target "export Raw / cp -r" "$(ratio export_full_raw cp_r)" "<=" 1.5
else
  echo "  export Raw / cp -r: the Raw export was refused (more files than a manifest lists)"
fi
target "import Full tar, every check / tar xf + sync" "$(ratio import_full_tar tar_xf_sync)" "<=" 2
target "import Full tar, --no-check / tar xf + sync" "$(ratio import_full_nocheck tar_xf_sync)" "<=" 1.5
if [ "$b2sum_mbps" -gt 0 ]; then # b2sum too quick to time on a tiny fixture: no ratio
  target "Blake2b / b2sum -l 256" "$(awk -v a="$(mbps blake2b_sodium)" -v b="$b2sum_mbps" 'BEGIN {print a / b}')" ">=" 0.9
fi
target "peak anonymous memory, export and import (MB)" "$((anon_max / 1024))" "<=" 400

if [ "${PROFILE:-1}" = 1 ]; then
  echo "profile (JFR, one export and one import of the Full tar; share of samples by phase):"
  profiled=()
  for jar in ${baseline:+baseline} cairn; do
    rm -rf "$out/p.tar" "$out"/p.tar.* "$out/p"
    CAIRN_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/export-$jar.jfr,settings=profile" \
      "$work/$jar" snapshot export --data-dir "$fixture" --progress none "$out/p.tar" > /dev/null 2>&1
    CAIRN_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/import-$jar.jfr,settings=profile" \
      "$work/$jar" snapshot import --data-dir "$out/p" --progress none "$out/p.tar" > /dev/null 2>&1
    profiled+=("$work/export-$jar.jfr" "$work/import-$jar.jfr")
  done
  python3 "$root/benchmarks/jfr-phases.py" "${profiled[@]}"
fi
rm -rf "$out"
