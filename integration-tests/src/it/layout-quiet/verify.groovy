def log = new File(basedir, "build.log").text
assert log.contains("it_thing (thing.yaml:3)") : "the table's heading under -q"
assert log =~ /(?m)^\s*id\s+0\s+4\s+__u32/ : "the member row under -q"
assert log.contains("compat32:generate") && log.contains("compat32:verify") : "help lists the goals under -q"
assert log =~ /(?m)^  headerDirectories\b/ : "and with -Ddetail their parameters"
assert !log.contains("[INFO]") : "and -q was in force"
return true
