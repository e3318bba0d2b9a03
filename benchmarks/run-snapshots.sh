#!/usr/bin/env bash
# Snapshots at scale (issue: the snapshot module). On a fixture of BLOCKS blocks over ACCOUNTS
# accounts (generated once, or FIXTURE=<data dir> to reuse one), RUNS times each, in one run:
#   export: Full tar, tar+zstd, raw; Rolling tar, raw           against  tar cf, tar cf | zstd -1 -T2
#   import: Full tar with every check, with --no-check; Rolling  against  tar xf of the same snapshot
#   info on the compressed snapshot
#   trust: import through the manifest against import without one (the digests' cost), verify
#   against that import, export and import split in 64 MiB parts; sha256sum of the tar for scale
# Every Cairn process runs with -Xmx256m; peak RSS is reported (it counts LMDB's mapped pages).
# tar and zstd do not fsync; Cairn syncs what it writes, so "tar cf + sync" and "tar xf + sync"
# (coreutils sync of the written files) are measured too. Medians and ratios are printed.
#
# Every job starts after a `sync` (not timed), so that no job pays for the dirty pages of the one
# before it (Cairn's syncfs flushes the whole file system).
#
# BASELINE_JAR=<an older cairn.jar> runs each Cairn job with that jar too, right beside the
# current one (the order alternates from run to run), and prints the two medians and their
# ratio: how a change moved the figures, measured in the same run on the same fixture.
#
#   benchmarks/run-snapshots.sh                                 # 100,000 blocks, 5 runs
#   FIXTURE=/tmp/bench/fixture RUNS=3 benchmarks/run-snapshots.sh
#   BASELINE_JAR=/tmp/old/cairn.jar BLOCKS=20000 ACCOUNTS=20000 benchmarks/run-snapshots.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blocks="${BLOCKS:-100000}"
accounts="${ACCOUNTS:-100000}"
runs="${RUNS:-5}"
work="${WORK:-$root/benchmarks/target/snapshot-bench}"
mkdir -p "$work"
"$root/cairn" --version >/dev/null # builds once, outside the timings
cp "$root/node/target/cairn.jar" "$work/cairn.jar" # edits during the run cannot rebuild it
cat > "$work/cairn" <<LAUNCHER
#!/usr/bin/env bash
exec java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \\
  -Xmx256m -jar "$work/cairn.jar" "\$@"
LAUNCHER
chmod +x "$work/cairn"
cairn() { "$work/cairn" "$@"; }
baseline="${BASELINE_JAR:-}"
if [ -n "$baseline" ]; then
  cp "$baseline" "$work/baseline.jar"
  sed "s|$work/cairn.jar|$work/baseline.jar|" "$work/cairn" > "$work/baseline"
  chmod +x "$work/baseline"
fi
fixture="${FIXTURE:-$work/fixture}"
if [ ! -d "$fixture" ]; then
  echo "generating $blocks blocks, $accounts accounts into $fixture ..."
  cairn fixtures generate --data-dir "$fixture" --blocks "$blocks" --accounts "$accounts" \
    --progress none | head -n 1
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
out="$work/out"
: > "$work/results.txt"
# timed NAME COMMAND...: runs COMMAND once, after a sync, and appends "NAME seconds rss_kb" to
# results.txt. A Cairn job (COMMAND is "$work/cairn" ...) also runs with the baseline jar, if any,
# as "base_NAME", before or after it as the run number says; each writes to its own paths.
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
timed_once() {
  local name="$1"; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null
  echo "$name $(cat "$work/time.txt")" >> "$work/results.txt"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo "fixture: $(du -sh "$fixture" | cut -f1) on disk, $(find "$fixture" -type f | wc -l) files; $runs runs"
for run in $(seq "$runs"); do
  rm -rf "$out" && mkdir -p "$out/base"
  timed "tar_cf" tar cf "$out/dd.tar" -C "$fixture" .
  timed "tar_cf_sync" sh -c "tar cf '$out/dd2.tar' -C '$fixture' . && sync '$out/dd2.tar'"
  timed "tar_zstd" sh -c "tar cf - -C '$fixture' . | zstd -q -1 -T2 -o '$out/dd.tar.zst'"
  timed "export_full_tar" "$work/cairn" snapshot export --data-dir "$fixture" --progress none "$out/full.tar"
  timed "export_full_zstd" "$work/cairn" snapshot export --data-dir "$fixture" --compress zstd --progress none "$out/full.tar.zst"
  timed "export_full_raw" "$work/cairn" snapshot export --data-dir "$fixture" --export-format raw --progress none "$out/full.raw"
  timed "export_rolling_tar" "$work/cairn" snapshot export --data-dir "$fixture" --rolling --progress none "$out/rolling.tar"
  timed "export_rolling_raw" "$work/cairn" snapshot export --data-dir "$fixture" --rolling --export-format raw --progress none "$out/rolling.raw"
  timed "tar_xf" sh -c "mkdir '$out/x' && tar xf '$out/full.tar' -C '$out/x'"
  timed "tar_xf_sync" sh -c "mkdir '$out/y' && tar xf '$out/full.tar' -C '$out/y' && sync -f '$out/y'"
  timed "import_full_tar" "$work/cairn" snapshot import --data-dir "$out/i1" --progress none "$out/full.tar"
  timed "import_full_nocheck" "$work/cairn" snapshot import --data-dir "$out/i2" --no-check --progress none "$out/full.tar"
  timed "import_full_zstd" "$work/cairn" snapshot import --data-dir "$out/i3" --progress none "$out/full.tar.zst"
  timed "import_full_raw" "$work/cairn" snapshot import --data-dir "$out/i4" --progress none "$out/full.raw"
  timed "import_rolling_tar" "$work/cairn" snapshot import --data-dir "$out/i5" --progress none "$out/rolling.tar"
  timed "info_zstd" "$work/cairn" snapshot info "$out/full.tar.zst"
  # Trust (issue 13): not run with a baseline jar, which has no manifests.
  timed_once "sha256sum_full" sha256sum "$out/full.tar"
  timed_once "import_full_manifest" "$work/cairn" snapshot import --data-dir "$out/i6" --progress none "$out/full.tar.manifest.json"
  timed_once "verify_full_manifest" "$work/cairn" snapshot verify --scratch-dir "$out" --progress none "$out/full.tar.manifest.json"
  timed_once "export_full_split" "$work/cairn" snapshot export --data-dir "$fixture" --split-size 64MiB --progress none "$out/split.tar"
  timed_once "import_full_split" "$work/cairn" snapshot import --data-dir "$out/i7" --progress none "$out/split.tar.manifest.json"
  echo "  run $run done"
done
sizes="data dir tar $(stat -c %s "$out/dd.tar"), tar+zstd $(stat -c %s "$out/dd.tar.zst"); full tar $(stat -c %s "$out/full.tar"), full tar+zstd $(stat -c %s "$out/full.tar.zst"), rolling tar $(stat -c %s "$out/rolling.tar")"

med() { grep "^$1 " "$work/results.txt" | cut -d' ' -f2 | median; }
rss() { grep "^$1 " "$work/results.txt" | cut -d' ' -f3 | sort -g | tail -n 1; }
ratio() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN {printf "%.1f", a / b}'; }
printf '\n%-22s %9s %12s   %s\n' "job" "median s" "peak RSS MB" "ratios"
for job in tar_cf tar_cf_sync tar_zstd export_full_tar export_full_zstd export_full_raw \
    export_rolling_tar export_rolling_raw tar_xf tar_xf_sync import_full_tar import_full_nocheck \
    import_full_zstd import_full_raw import_rolling_tar info_zstd sha256sum_full \
    import_full_manifest verify_full_manifest export_full_split import_full_split; do
  [ -n "$(med "$job")" ] || continue
  case "$job" in
    export_full_zstd) r="$(ratio "$job" tar_zstd)x tar|zstd" ;;
    import_full_manifest|import_full_split) r="$(ratio "$job" import_full_tar)x import without a manifest" ;;
    verify_full_manifest) r="$(ratio "$job" import_full_manifest)x import through the manifest" ;;
    export_full_split) r="$(ratio "$job" export_full_tar)x export unsplit" ;;
    export_*) r="$(ratio "$job" tar_cf)x tar cf, $(ratio "$job" tar_cf_sync)x tar cf+sync" ;;
    import_*) r="$(ratio "$job" tar_xf)x tar xf, $(ratio "$job" tar_xf_sync)x tar xf+sync" ;;
    *) r="" ;;
  esac
  if [ -n "$baseline" ] && grep -q "^base_$job " "$work/results.txt"; then
    r="$r; baseline $(med "base_$job") s, $(ratio "$job" "base_$job")x it"
  fi
  printf '%-22s %9s %12s   %s\n' "$job" "$(med "$job")" "$(( $(rss "$job") / 1024 ))" "$r"
done
echo "sizes (bytes): $sizes"
rm -rf "$out"
