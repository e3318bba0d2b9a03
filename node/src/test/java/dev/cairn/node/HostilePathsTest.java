package dev.cairn.node;

import static dev.cairn.node.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command given hostile paths (the root, the current directory, a file, a FIFO, a dangling
 * link, a NUL or a newline in the name, a 4 KiB name): exit 1 (a typed error) or 2 (a usage
 * error) with exactly one line on standard error, never an exception, never a hang. Every
 * failure is collected, then reported at once.
 */
class HostilePathsTest {

  @TempDir
  Path dir;

  private Map<String, String> hostilePaths() throws Exception {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("the root", "/");
    paths.put("the current directory", ".");
    paths.put("a file", Files.writeString(dir.resolve("a-file"), "text").toString());
    Path fifo = dir.resolve("a-fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    paths.put("a FIFO", fifo.toString());
    Path dangling = dir.resolve("dangling");
    Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
    paths.put("a dangling link", dangling.toString());
    paths.put("a NUL byte", dir.resolve("nul") + "\0x");
    paths.put("a newline", dir.resolve("new\nline").toString());
    paths.put("a 4 KiB name", dir.resolve("n".repeat(4096)).toString());
    return paths;
  }

  private static final List<Function<String, String[]>> COMMANDS = List.of(
      p -> new String[] {"snapshot", "export", "--data-dir", p, "--progress", "none"},
      p -> new String[] {"snapshot", "export", "--data-dir", "/nonexistent-cairn", "--progress",
          "none", p},
      p -> new String[] {"snapshot", "import", "--data-dir", p, "--progress", "none",
          "/nonexistent-cairn.tar"},
      p -> new String[] {"snapshot", "import", "--data-dir", "/nonexistent-cairn/node",
          "--progress", "none", p},
      p -> new String[] {"snapshot", "info", p},
      p -> new String[] {"node", "info", "--data-dir", p},
      p -> new String[] {"node", "run", "--data-dir", p, "--blocks", "1"},
      p -> new String[] {"store", "check", "--data-dir", p, "--progress", "none"},
      p -> new String[] {"fixtures", "generate", "--data-dir", p, "--blocks", "2",
          "--progress", "none"},
      p -> new String[] {"demo", "--keep", p},
      p -> new String[] {"key", "generate", "--out", p},
      p -> new String[] {"key", "show", p},
      p -> new String[] {"snapshot", "verify", "--progress", "none", p},
      p -> new String[] {"snapshot", "verify", "--progress", "none", "--scratch-dir", p,
          "/nonexistent-cairn/s.tar"},
      p -> new String[] {"snapshot", "import", "--data-dir", "/nonexistent-cairn/node",
          "--progress", "none", "--manifest", p, "-"},
      p -> new String[] {"snapshot", "sign", "--key", p, "/nonexistent-cairn/m.json"},
      p -> new String[] {"snapshot", "sign", "--key", "/nonexistent-cairn/k", p},
      p -> new String[] {"snapshot", "export", "--data-dir", "/nonexistent-cairn",
          "--sign-key", p});

  @Test
  void everyCommandRefusesEveryHostilePathInOneLine() throws Exception {
    Map<String, String> paths = hostilePaths();
    List<String> failures = new ArrayList<>();
    for (Function<String, String[]> command : COMMANDS) {
      for (Map.Entry<String, String> path : paths.entrySet()) {
        String[] args = command.apply(path.getValue());
        String shown = String.join(" ", args).replace(path.getValue(), "<" + path.getKey() + ">");
        if (args[0].equals("demo") && path.getKey().equals("the current directory")) {
          continue; // the demo would write in the build's directory; --keep . is refused below
        }
        Cli.Run result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args),
            shown);
        List<String> lines = result.err().strip().lines().toList();
        boolean oneLine = lines.size() == 1 && lines.get(0).startsWith("cairn: ")
            || result.status() == 2 && lines.size() == 2 && lines.get(1).startsWith("Try ");
        if (result.status() == 0 || result.status() > 2 || !oneLine
            || result.err().contains("Exception") || result.err().contains("\tat ")) {
          failures.add(shown + " → exit " + result.status() + ": " + result.err());
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
