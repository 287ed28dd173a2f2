package dev.compat32.generator.spec;

import java.nio.file.Path;
import java.util.List;

/** Everything one spec file declares, in written order. */
public record SpecFile(
    Path path,
    List<String> headers,
    List<AbiSpec> abis,
    List<TypedefSpec> typedefs,
    List<StructSpec> structs,
    List<IoctlSpec> ioctls) {

  public SpecFile {
    headers = List.copyOf(headers);
    abis = List.copyOf(abis);
    typedefs = List.copyOf(typedefs);
    structs = List.copyOf(structs);
    ioctls = List.copyOf(ioctls);
  }
}
