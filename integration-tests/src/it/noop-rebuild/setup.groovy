// a hand-written file in the output folder: not the plugin's, so never deleted and no reason to run
def handWritten = new File(basedir, "target/generated-sources/compat32/it/generated/Mine.java")
handWritten.parentFile.mkdirs()
handWritten.text = "package it.generated; class Mine {}"
return true
