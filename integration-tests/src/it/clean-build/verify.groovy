def out = new File(basedir, "target/generated-sources/compat32/it/generated")
assert new File(out, "ItThing.java").isFile()
assert new File(out, "CompatIoctls.java").isFile()
assert new File(out, "CompatIoctlTable.java").isFile()
assert new File(basedir, "target/classes/it/generated/ItThing.class").isFile() : "generated code did not compile"
def thing = new File(out, "ItThing.java").text
assert thing.contains("public static final long GUEST_SIZE = 16L;")
assert thing.contains("public static final long HOST_SIZE = 24L;")
def report = new File(basedir, "target/compat32/layouts.json").text
assert report.contains('"name" : "it_thing"') || report.contains('"name": "it_thing"')
assert report.contains("2148550913") // IT_GET_THING on i386: 0x80104901
assert new File(basedir, "target/classes/META-INF/compat32/specs/thing.yaml").isFile() : "specs ship in the jar"
assert new File(basedir, "target/classes/META-INF/compat32/codegen.properties").text.contains("package=it.generated")
return true
