def out = new File(basedir, "target/generated-sources/compat32/it/generated")
def event = new File(out, "ItEvent.java").text
assert event.contains("import dev.compat32.runtime.generated.KernelOldTimeval;") // a layout that differs: its bundled codec is called
assert event.contains("import dev.compat32.runtime.generated.Ifreq;")
assert !new File(out, "KernelOldTimeval.java").exists() : "bundled codecs are reused, not generated again"
assert !new File(out, "Ifreq.java").exists()
def log = new File(basedir, "build.log").text
assert log.contains("Tests run: 1, Failures: 0, Errors: 0")
return true
