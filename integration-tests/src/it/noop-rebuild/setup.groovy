// a file of an earlier run that the specs no longer produce
def stale = new File(basedir, "target/generated-sources/compat32/it/generated/Gone.java")
stale.parentFile.mkdirs()
stale.text = "package it.generated; class Gone {}"
return true
