def log = new File(basedir, "build.log").text
assert log.contains("wrote 7 file(s), deleted 0 stale") : "first run writes and deletes nothing it did not write"
assert log.contains("compat32: specs unchanged; nothing to write") : "second run rewrites nothing"
assert new File(basedir, "target/generated-sources/compat32/it/generated/Mine.java").isFile()
return true
