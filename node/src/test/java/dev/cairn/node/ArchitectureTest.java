package dev.cairn.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build guards the layering (DESIGN §1): every production class of every module is read from
 * the class path and checked against the rules below; a broken rule fails {@code mvn verify}
 * with the offending classes named. Each rule states one seam of docs/ARCHITECTURE.md.
 */
class ArchitectureTest {

  /** Where the store keeps the data directory's layout: the one owner of its paths. */
  private static final String DATADIR = "dev.cairn.store.datadir..";

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // test-support is on this module's test class path (its servers), never in cairn.jar.
        .withImportOption(location -> !location.contains("test-support"))
        .importPackages("dev.cairn");
  }

  /** The rules below see every module, so none of them can pass for want of classes. */
  @Test
  void everyModuleIsImported() {
    assertThat(production.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("store", "error", "progress", "context", "validator", "rollup", "snapshot",
            "fixtures", "node")
        .doesNotContain("testsupport", "benchmarks");
    assertThat(production.contain("dev.cairn.store.BlockWriter")).isTrue();
    assertThat(production.contain("dev.cairn.store.synthetic.SyntheticChain")).isFalse();
  }

  /** Modules depend one way, down DESIGN §1's table. */
  static final ArchRule MODULES_DEPEND_DOWNWARD = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("store").definedBy("dev.cairn.store..", "dev.cairn.error..", "dev.cairn.progress..")
      .layer("context").definedBy("dev.cairn.context..")
      .layer("validator").definedBy("dev.cairn.validator..")
      .layer("rollup").definedBy("dev.cairn.rollup..")
      .layer("snapshot").definedBy("dev.cairn.snapshot..")
      .layer("testnet").definedBy("dev.cairn.fixtures..")
      .layer("node").definedBy("dev.cairn.node..")
      .whereLayer("node").mayNotBeAccessedByAnyLayer()
      .whereLayer("snapshot").mayOnlyBeAccessedByLayers("node")
      .whereLayer("testnet").mayOnlyBeAccessedByLayers("node")
      .whereLayer("rollup").mayOnlyBeAccessedByLayers("snapshot", "node")
      .whereLayer("validator").mayOnlyBeAccessedByLayers("rollup", "snapshot", "testnet", "node")
      .whereLayer("context").mayOnlyBeAccessedByLayers("validator", "rollup", "snapshot",
          "testnet", "node");

  /**
   * The context sees of the store its hash types (and encodings, errors, progress), and the one
   * recursive delete: nothing of blocks, markers or the data directory's layout.
   */
  static final ArchRule CONTEXT_USES_STORE_HASH_TYPES_ONLY = noClasses()
      .that().resideInAPackage("dev.cairn.context..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.store",
          "dev.cairn.store.block..", "dev.cairn.store.chain..")
      .orShould().dependOnClassesThat().haveFullyQualifiedName(
          "dev.cairn.store.datadir.DataDir");

  /** Production code never depends on what only tests may use. */
  static final ArchRule NO_TEST_SUPPORT_IN_PRODUCTION = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.testsupport..",
          "dev.cairn.store.synthetic..", "org.junit..", "org.assertj..");

  /**
   * Only the data directory's layout names paths in it: code elsewhere asks {@code DataDir}
   * rather than resolving a name (or another path) against a directory. The exceptions own other layouts: a
   * snapshot's members (snapshot.io), an LMDB environment's files (context.lmdb), and the
   * command line, which takes paths from its user.
   */
  static final ArchRule ONLY_THE_LAYOUT_NAMES_PATHS = noClasses()
      .that().resideOutsideOfPackages(DATADIR, "dev.cairn.snapshot.io..",
          "dev.cairn.context.lmdb..", "dev.cairn.node..")
      .should().callMethod(Path.class, "resolve", String.class)
      .orShould().callMethod(Path.class, "resolve", Path.class)
      .orShould().callMethod(Path.class, "resolveSibling", String.class)
      .orShould().callMethod(Path.class, "resolveSibling", Path.class);

  /**
   * Output goes where the command was told: only the entry point touches the process's streams;
   * every command prints through the writers picocli hands it.
   */
  static final ArchRule ONLY_THE_ENTRY_POINT_WRITES_TO_THE_CONSOLE = noClasses()
      .that().doNotHaveFullyQualifiedName(CairnCommand.class.getName())
      .should().accessField(System.class, "out")
      .orShould().accessField(System.class, "err");

  @Test
  void modulesDependDownward() {
    MODULES_DEPEND_DOWNWARD.check(production);
  }

  @Test
  void contextUsesStoreHashTypesOnly() {
    CONTEXT_USES_STORE_HASH_TYPES_ONLY.check(production);
  }

  @Test
  void productionCodeShipsNoTestSupport() {
    NO_TEST_SUPPORT_IN_PRODUCTION.check(production);
  }

  @Test
  void onlyTheDataDirectoryLayoutNamesItsPaths() {
    ONLY_THE_LAYOUT_NAMES_PATHS.check(production);
  }

  @Test
  void onlyTheEntryPointWritesToTheConsole() {
    ONLY_THE_ENTRY_POINT_WRITES_TO_THE_CONSOLE.check(production);
  }
}
