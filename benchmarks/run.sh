#!/usr/bin/env bash
# Runs Cairn's store benchmarks and, in the same run on the same bytes, the command-line tools we
# compare against. Prints a Markdown summary of medians (per-iteration scores) for docs/BENCHMARKS.md.
#
#   benchmarks/run.sh            # all store benchmarks (about 6 minutes)
#   QUICK=1 benchmarks/run.sh    # fewer iterations, for a smoke run
#
# Needs: a JDK 17+, Maven, python3 (for the summary), b2sum (coreutils).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/target/results"
mkdir -p "$out"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -name target -prune -o -name '*.java' -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi

iterations=5; warmups=3; time=2s
[ "${QUICK:-}" = 1 ] && { iterations=3; warmups=1; time=1s; }
jvm=(java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED -jar "$jar")

echo "== JMH: Blake2b, header and block codec" >&2
"${jvm[@]}" 'Blake2bBenchmark|HeaderCodecBenchmark' -f 1 -wi "$warmups" -i "$iterations" -w "$time" -r "$time" \
  -rf json -rff "$out/codec.json" >&2
echo "== JMH: store append and cement" >&2
"${jvm[@]}" StoreBenchmark -f 1 -wi 1 -i "$iterations" -rf json -rff "$out/store.json" >&2

echo "== b2sum -l 256 over the same kind of bytes (256 MiB, page cache warm)" >&2
bulk="$out/bulk.bin"
head -c $((256 * 1024 * 1024)) /dev/urandom > "$bulk"
b2sum -l 256 "$bulk" > /dev/null
: > "$out/b2sum.txt"
for _ in $(seq "$iterations"); do
  start=$(date +%s%N); b2sum -l 256 "$bulk" > /dev/null; end=$(date +%s%N)
  echo $(( end - start )) >> "$out/b2sum.txt"
done
rm -f "$bulk"

python3 - "$out" <<'PY'
import json, statistics, sys, os
out = sys.argv[1]
def runs(name):
    return json.load(open(os.path.join(out, name)))
def med(r):
    return statistics.median(v for fork in r["primaryMetric"]["rawData"] for v in fork)
print("| benchmark | parameter | median | unit |")
print("|---|---|---|---|")
blake = {}
for r in runs("codec.json") + runs("store.json"):
    name = r["benchmark"].split(".", 3)[-1]
    param = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    m = med(r)
    unit = r["primaryMetric"]["scoreUnit"]
    if "blake2b256" in name:
        size = int(r["params"]["size"])
        blake[size] = m * size / 1e6
        print(f"| {name} | {param} | {m * size / 1e6:,.0f} | MB/s |")
    else:
        print(f"| {name} | {param} | {m:,.2f} | {unit} |")
ns = sorted(int(x) for x in open(os.path.join(out, "b2sum.txt")))
b2 = 256 * 1024 * 1024 / (statistics.median(ns) / 1e9) / 1e6
print(f"| b2sum -l 256 (256 MiB file) | | {b2:,.0f} | MB/s |")
if 1048576 in blake:
    print(f"\nBouncy Castle Blake2b-256 at 1 MiB / b2sum: {blake[1048576] / b2:.2f}x")
PY
