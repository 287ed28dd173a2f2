package dev.compat32.generator.output;

import java.nio.file.Path;

/** One generated file, fully rendered before anything is written. */
public record OutputFile(Path relativePath, String content) {}
