package dev.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the commands its arguments name, and help still sees every command. */
class CommandTreeTest {

  private static CommandLine tree(String... args) {
    CommandLine root = new CommandLine(new CairnCommand(new CairnCommand.Console(false, false)));
    CommandTree.addSubcommands(root, CairnCommand.class, args, 0);
    return root;
  }

  /** Every command's qualified name ("cairn snapshot info"), depth first. */
  private static List<String> names(CommandLine command) {
    List<String> names = new ArrayList<>();
    names.add(command.getCommandSpec().qualifiedName());
    for (CommandLine sub : command.getSubcommands().values()) {
      names.addAll(names(sub));
    }
    return names;
  }

  @Test
  void aNamedCommandBuildsOnlyItsPath() {
    assertThat(names(tree("snapshot", "info", "x.tar")))
        .containsExactly("cairn", "cairn snapshot", "cairn snapshot info");
    assertThat(names(tree("rollup", "snapshot", "export", "--compact")))
        .containsExactly("cairn", "cairn rollup", "cairn rollup snapshot",
            "cairn rollup snapshot export");
  }

  @Test
  void helpOptionsAndMistakesBuildEveryCommandAtTheirLevel() {
    List<String> all = names(tree());
    assertThat(all).contains("cairn demo", "cairn snapshot export", "cairn snapshot prune",
        "cairn rollup snapshot verify", "cairn store check", "cairn key show", "cairn help");
    assertThat(names(tree("help", "snapshot"))).isEqualTo(all);
    assertThat(names(tree("--help"))).isEqualTo(all);
    assertThat(names(tree("snapshto", "info"))).isEqualTo(all);
    assertThat(names(tree("snapshot", "--help"))).containsExactly("cairn", "cairn snapshot",
        "cairn snapshot export", "cairn snapshot import", "cairn snapshot info",
        "cairn snapshot verify", "cairn snapshot sign", "cairn snapshot squash",
        "cairn snapshot list", "cairn snapshot prune");
  }

  @Test
  void theTreeHasEveryCommandClassOnce() {
    List<String> all = names(tree());
    assertThat(all).doesNotHaveDuplicates();
    // Every class listed as a subcommand appears under its parent in the full tree.
    for (Class<?> parent : List.of(CairnCommand.class, SnapshotCommand.class,
        RollupCommand.class, RollupSnapshotCommand.class, NodeCommand.class, KeyCommand.class,
        FixturesCommand.class, StoreCommand.class)) {
      assertThat(CommandTree.subcommandsOf(parent)).isNotEmpty();
    }
    assertThat(all).hasSize(1 + 8 + 8 + 3 + 4 + 1 + 2 + 2 + 1);
  }
}
