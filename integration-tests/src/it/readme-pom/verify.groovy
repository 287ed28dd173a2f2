def log = new File(basedir, "build.log").text
assert log.contains("Tests run: 1, Failures: 0, Errors: 0")
assert log.contains("values agree with the compilers") || log.contains("compat32: cannot check") : "verify ran"
assert log.contains("BUILD SUCCESS")
return true
