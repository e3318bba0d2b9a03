#!/usr/bin/env bash
# Distribution (issue 14): import of one Full tar snapshot of a fixture (FIXTURE, default the
# 100,000-block one run-snapshots.sh makes) from a local file, from a web server on 127.0.0.1
# (the JDK's HTTP server, with ranges), through its manifest over HTTP, split in 32 MiB parts
# through its manifest over HTTP with 4 parts fetched ahead, from s3proxy on
# 127.0.0.1 (signed requests), and over HTTP with the connection dropped 3 times mid-file;
# curl's download of the same file for scale. RUNS times each (default 5), in one run, every
# Cairn process with -Xmx256m; medians and ratios against the local import are printed.
#
#   FIXTURE=/tmp/bench/fixture100k benchmarks/run-distribution.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-5}"
work="${WORK:-$root/benchmarks/target/distribution-bench}"
fixture="${FIXTURE:-$root/benchmarks/target/snapshot-bench/fixture}"
[ -d "$fixture" ] || { echo "no fixture at $fixture: run benchmarks/run-snapshots.sh first, or set FIXTURE"; exit 2; }
rm -rf "$work" && mkdir -p "$work/www" "$work/out"
"$root/cairn" --version >/dev/null
(cd "$root" && mvn -B -q -o package -DskipTests -pl benchmarks -am >/dev/null)
cp "$root/node/target/cairn.jar" "$work/cairn.jar" # edits during the run cannot rebuild it
cat > "$work/cairn" <<LAUNCHER
#!/usr/bin/env bash
exec java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \\
  -Xmx256m -jar "$work/cairn.jar" "\$@"
LAUNCHER
chmod +x "$work/cairn"
cairn() { "$work/cairn" "$@"; }
cairn snapshot export --data-dir "$fixture" --progress none "$work/www/full.tar" >/dev/null
cairn snapshot export --data-dir "$fixture" --progress none --split-size 32MiB "$work/www/split.tar" >/dev/null

mkfifo "$work/control"
java -Xmx1g -cp "$root/benchmarks/target/benchmarks.jar" dev.cairn.benchmarks.DistributionServers \
  "$work/www" "$work/blobs" < "$work/control" > "$work/servers.txt" 2>"$work/servers.log" &
servers=$!
exec 3>"$work/control" # held open: the servers run until it closes
trap 'exec 3>&-; wait $servers 2>/dev/null || true' EXIT
while ! grep -q '^ready' "$work/servers.txt" 2>/dev/null; do
  kill -0 $servers 2>/dev/null || { cat "$work/servers.log"; exit 1; }
  read -r -t 1 < /dev/zero || true # a short wait for the servers to start; nothing is timed here
done
http=$(awk '$1=="http"{print $2}' "$work/servers.txt")
faulty=$(awk '$1=="faulty"{print $2}' "$work/servers.txt")
s3=$(awk '$1=="s3"{print $2}' "$work/servers.txt")
export AWS_ACCESS_KEY_ID=cairn-test-access AWS_SECRET_ACCESS_KEY=cairn-test-secret-do-not-print
size=$(stat -c %s "$work/www/full.tar")

: > "$work/results.txt"
timed() {
  local name="$1"; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out" 2> "$work/last.err"
  echo "$name $(cat "$work/time.txt")" >> "$work/results.txt"
}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo "snapshot: full tar of $(basename "$fixture"), $size bytes; $runs runs"
for run in $(seq "$runs"); do
  rm -rf "$work/out" && mkdir -p "$work/out"
  timed curl_http curl -s -o "$work/out/curl.tar" "http://127.0.0.1:$http/full.tar"
  timed import_local "$work/cairn" snapshot import --data-dir "$work/out/local" --progress none "$work/www/full.tar"
  timed import_http "$work/cairn" snapshot import --data-dir "$work/out/http" --progress none "http://127.0.0.1:$http/full.tar"
  timed import_http_manifest "$work/cairn" snapshot import --data-dir "$work/out/httpm" --progress none "http://127.0.0.1:$http/full.tar.manifest.json"
  timed import_http_split "$work/cairn" snapshot import --data-dir "$work/out/split" --progress none --parallel 4 "http://127.0.0.1:$http/split.tar.manifest.json"
  timed import_s3 "$work/cairn" snapshot import --data-dir "$work/out/s3" --progress none --s3-endpoint "http://127.0.0.1:$s3" s3://bench/full.tar
  # Three answers cut mid-file: at a quarter, a half and three quarters of it.
  echo "drop $((size / 4)) $((size / 2)) $((size * 3 / 4))" >&3
  timed import_http_3_drops "$work/cairn" snapshot import --data-dir "$work/out/drops" --progress log --retries 8 "http://127.0.0.1:$faulty/full.tar"
  echo "  resumptions in this run: $(grep -c 'retry' "$work/last.err" || true)"
  echo "  run $run done"
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
med() { grep "^$1 " "$work/results.txt" | cut -d' ' -f2 | median; }
rss() { grep "^$1 " "$work/results.txt" | cut -d' ' -f3 | sort -g | tail -n 1; }
ratio() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN {printf "%.2f", a / b}'; }
printf '\n%-22s %9s %12s   %s\n' "job" "median s" "peak RSS MB" "ratio"
for job in curl_http import_local import_http import_http_manifest import_http_split import_s3 import_http_3_drops; do
  case "$job" in
    import_local|curl_http) r="" ;;
    *) r="$(ratio "$job" import_local)x the local import" ;;
  esac
  printf '%-22s %9s %12s   %s\n' "$job" "$(med "$job")" "$(( $(rss "$job") / 1024 ))" "$r"
done
