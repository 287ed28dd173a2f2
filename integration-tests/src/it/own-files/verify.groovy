import java.nio.file.Files

def log = new File(basedir, "build.log").text
def sources = new File(basedir, "src/main/java/it/generated")
def shim = new File(sources, "MydevShim.java")
assert shim.isFile() && shim.text.contains("Hand-written") : "the hand-written file survives both runs"
assert new File(basedir, "target/classes/it/generated/MydevShim.class").isFile() : "and compiles with the generated code"
assert new File(sources, "ItThing.java").isFile()
assert !new File(sources, "ItExtra.java").exists() : "the excluded spec's code is deleted: the plugin wrote it"
def shipped = new File(basedir, "target/classes/META-INF/compat32/specs")
assert new File(shipped, "main/thing.yaml").isFile()
assert new File(shipped, "main/thing.yaml").text.contains("caf\u00e9") : "read as Latin-1, shipped as UTF-8"
assert !new File(shipped, "extra").exists() : "the excluded spec's copy in the classes and its folder are gone"
assert !new File(basedir, "target/classes/.compat32-outputs").exists() : "the plugin's bookkeeping is not shipped"
assert !new File(basedir, "target/generated-resources/compat32/META-INF/compat32/specs/extra").exists()
def schema = new File(basedir, "target/generated-resources/compat32/META-INF/compat32/specs/compat32-spec.schema.json")
assert schema.isFile() && schema.text.contains('"$schema"') : "the schema beside the shipped specs, where the README's editor mapping points"
assert new File(shipped, "compat32-spec.schema.json").isFile() : "and in the jar"
assert !log.contains("no spec files") : "extra/**/*.yaml matched: Ant-style patterns"
// a new file made here has the mode the umask gives: the plugin's outputs must have the same
def reference = Files.createFile(new File(basedir, "target/reference-mode").toPath())
def mode = Files.getPosixFilePermissions(reference)
assert Files.getPosixFilePermissions(new File(sources, "ItThing.java").toPath()) == mode
assert Files.getPosixFilePermissions(new File(shipped, "main/thing.yaml").toPath()) == mode
return true
