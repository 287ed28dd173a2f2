def log = new File(basedir, "build.log").text
assert log.contains("bad.yaml:6:25: error: unknown type '__u33'")
assert log.contains("bad.yaml:8:17: error: dir is 'sideways'")
assert log.contains("2 problem(s) in compat32 specs")
def out = new File(basedir, "target/generated-sources/compat32")
assert !out.exists() || out.listFiles().length == 0 : "no half-written output"
assert !new File(basedir, "target/compat32/layouts.json").exists()
assert !new File(basedir, "target/compat32").exists() : "nothing left behind, not even the copies of the runtime's specs"
return true
