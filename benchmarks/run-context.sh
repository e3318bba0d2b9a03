#!/usr/bin/env bash
# The context at scale (issue: context): build N accounts, commit 10,000 keys, dump, restore with
# every check, GC, against LMDB's raw insert rate and tar, in one JVM capped at -Xmx256m.
#
#   benchmarks/run-context.sh              # 1,000,000 accounts (about 10 minutes, ~2 GB of disk)
#   ACCOUNTS=100000 benchmarks/run-context.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -name target -prune -o -name '*.java' -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi
work="${WORK:-$root/benchmarks/target/context-bench}"
java -Xmx256m --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "$jar" dev.cairn.benchmarks.ContextBenchmark "$work" "${ACCOUNTS:-1000000}"
rm -rf "$work"
