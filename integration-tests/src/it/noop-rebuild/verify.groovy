def log = new File(basedir, "build.log").text
assert log.contains("wrote 6 file(s), deleted 1 stale") : "first run writes and removes the stale file"
assert log.contains("compat32: specs unchanged; nothing to write") : "second run rewrites nothing"
assert !new File(basedir, "target/generated-sources/compat32/it/generated/Gone.java").exists()
return true
