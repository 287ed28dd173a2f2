def log = new File(basedir, "build.log").text
assert log.contains("BUILD SUCCESS")
def app = new File(basedir, "app/target/generated-sources/compat32/it/app/AppThing.java")
assert app.isFile() : "the app's codec, from a type of its sibling's specs"
assert app.text.contains("import it.lib.LibThing;") : "the sibling's codec is reused"
assert !new File(basedir, "app/target/generated-sources/compat32/it/app/LibThing.java").exists()
return true
