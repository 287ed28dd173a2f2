// the first xml block after "### A downstream project" in the README is the POM users copy
def readme = new File(basedir, "../../../../README.md").text
def section = readme.substring(readme.indexOf("### A downstream project"))
def start = section.indexOf("```xml\n") + "```xml\n".length()
def pom = section.substring(start, section.indexOf("```", start))
assert pom.contains("<artifactId>compat32-runtime</artifactId>")
new File(basedir, "pom.xml").text = pom
return true
