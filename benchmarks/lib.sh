# Shared by the benchmark scripts (source it): a pinned copy of cairn.jar run through ./cairn,
# timing with memory, medians and ratios. Expects $root (the repository) and $work (a scratch dir).

# bench_launcher NAME JAR: $work/NAME runs JAR through ./cairn (its class-data archive and flags)
# with -Xmx256m; the jar is copied first, so that edits during a run cannot rebuild it.
bench_launcher() {
  local name="$1" jar="$2"
  cp "$jar" "$work/$name.jar"
  rm -f "$work/$name.jsa" # made again for this copy (an archive is valid for one jar path)
  cat > "$work/$name" <<LAUNCHER
#!/usr/bin/env bash
CAIRN_JAR="$work/$name.jar" CAIRN_JAVA_OPTS="-Xmx256m \${CAIRN_JAVA_OPTS:-}" exec "$root/cairn" "\$@"
LAUNCHER
  chmod +x "$work/$name"
  "$work/$name" --version > /dev/null 2>&1 # makes the class-data archive, outside the timings
}

# plain_launcher NAME JAR: $work/NAME runs a copy of JAR as launchers did before the class-data
# archive (java -jar, the LMDB flags, -Xmx256m): for a baseline jar, "before" as it ran then.
plain_launcher() {
  local name="$1" jar="$2"
  cp "$jar" "$work/$name.jar"
  printf '%s\n' '#!/usr/bin/env bash' \
    "exec java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Xmx256m \${CAIRN_JAVA_OPTS:-} -jar '$work/$name.jar' \"\$@\"" \
    > "$work/$name"
  chmod +x "$work/$name"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# timed_once NAME COMMAND...: runs COMMAND once, after a sync (not timed, so that no job pays for
# the dirty pages of the one before it), and appends to $work/results.txt the line
#   NAME seconds peak_rss_kb peak_rss_anon_kb peak_rss_file_kb
# The last two are sampled every 50 ms from /proc of COMMAND's process (for a Cairn job, the
# JVM, which the launcher execs): anonymous memory (heap, native allocations) apart from
# file-backed pages (LMDB's memory maps, the jar), which RSS counts together.
timed_once() {
  local name="$1"; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null &
  local timer=$! anon=0 file=0 pid key value unit
  while kill -0 "$timer" 2> /dev/null; do
    for pid in $(pgrep -P "$timer"); do
      while read -r key value unit; do
        case "$key" in
          RssAnon:) [ "$value" -gt "$anon" ] && anon="$value" ;;
          RssFile:) [ "$value" -gt "$file" ] && file="$value" ;;
        esac
      done 2> /dev/null < "/proc/$pid/status" || true # the process may have just ended
    done
    sleep 0.05
  done
  if ! wait "$timer"; then
    echo "$name failed" >&2
    return 1 # not recorded: a refused job has no time
  fi
  echo "$name $(cat "$work/time.txt") $anon $file" >> "$work/results.txt"
}

# A job that did not run has no lines: empty, not a failure (the scripts run with pipefail).
med() { { grep "^$1 " "$work/results.txt" || true; } | cut -d' ' -f2 | median; }
# peak COLUMN NAME: the largest value of a results column (3 RSS, 4 anonymous, 5 file) over runs.
peak() { { grep "^$2 " "$work/results.txt" || true; } | cut -d' ' -f"$1" | sort -g | tail -n 1; }
ratio() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN {printf "%.2f", a / b}'; }
