def log = new File(basedir, "build.log").text
assert log.contains("it_thing (thing.yaml:3)") : "the table's heading under -q"
assert log =~ /(?m)^\s*id\b/ : "the member row under -q"
assert !log.contains("[INFO]") : "and -q was in force"
return true
