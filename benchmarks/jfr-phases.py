#!/usr/bin/env python3
"""Where a Cairn export or import spends its time, from a JFR recording (settings=profile).

    jfr-phases.py export.jfr [import.jfr ...]

Reads the execution samples (Java code, every 10 ms a thread) and the native-method samples (in
native code, every 20 ms, so each counts twice), of every Cairn thread, and puts each sample in
the phase of the frame nearest its leaf that names one. Prints one column per recording: each
phase's share of the samples, i.e. of the CPU and native time the process spent, all threads
together. Needs the JDK's `jfr` tool.
"""
import collections
import re
import subprocess
import sys

# (phase, pattern of a frame's class.method); the first phase whose pattern matches the frame
# nearest the leaf wins, so the order only matters for frames that match two patterns.
PHASES = [
    ("sync", r"syncfs|FileSystemSync|DeferredSync\.syncAll|\.force0?$|fsyncDirectory|env\.sync|Env\.sync"),
    ("digests (SHA-256)", r"Sha256|DigestedInput|DigestedFiles|sun\.security\.provider\.SHA"),
    ("context", r"ContextDump|LmdbDump|ObjectWalk|ContextRestore|ObjectDatabase|SortedRuns|"
                r"DumpReader|MappedHashTable|openDump|dumpOf|restoreContext|ObjectFacts|ObjectCodec"),
    ("blocks", r"FloatingBlocks|ImportedBlocks\.readFloating|spoolFloating|ChainAssembler|"
               r"BlockValidator|ProtocolChecks|replay|FloatingLog"),
    ("cemented files", r"[Cc]emented"),
    ("archive, other", r"TarSink|TarSource|RawSink|RawSource|SnapshotSink|SnapshotSource|"
                       r"SnapshotExporter|SnapshotImporter|Zstd"),
    ("open", r"StoreOpening|BlockReader\.open|BlockView\.open|LmdbContext\.open|ExportPlan\.make|"
             r"StoreImport\.begin|DataDirLock|OwnedDirectory\.create|stagingDirectory"),
    ("start-up", r"CommandTree|picocli|LibraryLoader|NativeFiles\.load|Blake2b\.chooseEngine|"
                 r"zstd\.util\.Native|prepareEarly|ClassLoader|CommandLine\.execute"),
]
ORDER = ["start-up", "open", "context", "blocks", "cemented files", "digests (SHA-256)", "sync",
         "archive, other", "other"]
SKIPPED_THREADS = ("JFR", "Finalizer", "Reference Handler", "Common-Cleaner", "Signal Dispatcher",
                   "jnr.ffi.util")


def shares(recording):
    text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events",
                           "jdk.ExecutionSample,jdk.NativeMethodSample", recording],
                          capture_output=True, text=True, check=True).stdout
    parts = re.split(r"\njdk\.(ExecutionSample|NativeMethodSample) ", text)
    counts = collections.Counter()
    for kind, event in zip(parts[1::2], parts[2::2]):
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        if thread and thread.group(1).startswith(SKIPPED_THREADS):
            continue
        weight = 2 if kind == "NativeMethodSample" else 1
        phase = "other"
        for frame in re.findall(r"^\s+([\w.$<>]+)\(", event, re.M):
            found = next((name for name, pattern in PHASES if re.search(pattern, frame)), None)
            if found:
                phase = found
                break
        counts[phase] += weight
    total = sum(counts.values()) or 1
    return {phase: 100.0 * counts[phase] / total for phase in ORDER}, total


def main(recordings):
    columns = [shares(recording) for recording in recordings]
    names = [re.sub(r"\.jfr$", "", recording.rsplit("/", 1)[-1]) for recording in recordings]
    print("| phase | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for phase in ORDER:
        print(f"| {phase} | " + " | ".join(f"{c[phase]:.1f}%" for c, _ in columns) + " |")
    print("| samples | " + " | ".join(str(total) for _, total in columns) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
