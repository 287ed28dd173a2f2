package dev.compat32.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Where the project's compile dependencies are, for their specs. The goals only collect the
 * dependencies (so that {@code generate-sources} works from a reactor parent before any sibling
 * is packaged): a sibling in the reactor is read from its folders, where its own generate goal
 * has already put its specs; any other dependency is resolved here, from the repositories.
 */
final class DependencyClasspath {
  private final MavenSession session;
  private final MavenProject project;
  private final RepositorySystem repositories;

  DependencyClasspath(MavenSession session, MavenProject project, RepositorySystem repositories) {
    this.session = session;
    this.project = project;
    this.repositories = repositories;
  }

  /** Jars and folders, in dependency order. */
  List<Path> entries() throws ArtifactResolutionException {
    List<Path> out = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (!artifact.getArtifactHandler().isAddedToClasspath()) {
        continue;
      }
      Optional<MavenProject> sibling = sibling(artifact);
      if (sibling.isPresent()) {
        out.addAll(folders(sibling.get()));
      } else if (artifact.getFile() != null) {
        out.add(artifact.getFile().toPath());
      } else {
        out.add(resolve(artifact));
      }
    }
    return out;
  }

  private Optional<MavenProject> sibling(Artifact artifact) {
    return session.getProjects().stream()
        .filter(p -> p.getGroupId().equals(artifact.getGroupId()) && p.getArtifactId().equals(artifact.getArtifactId())
            && p.getVersion().equals(artifact.getBaseVersion()))
        .findFirst();
  }

  /** A sibling's classes folder, and its resource folders, which hold its specs before they are copied. */
  private static List<Path> folders(MavenProject sibling) {
    List<Path> out = new ArrayList<>();
    out.add(Path.of(sibling.getBuild().getOutputDirectory()));
    for (Resource resource : sibling.getResources()) {
      Path folder = new File(resource.getDirectory()).toPath();
      if (Files.isDirectory(folder) && resource.getTargetPath() == null) {
        out.add(folder);
      }
    }
    return out;
  }

  private Path resolve(Artifact artifact) throws ArtifactResolutionException {
    DefaultArtifact wanted = new DefaultArtifact(artifact.getGroupId(), artifact.getArtifactId(), artifact.getClassifier(),
        artifact.getArtifactHandler().getExtension(), artifact.getVersion());
    ArtifactRequest request = new ArtifactRequest(wanted, project.getRemoteProjectRepositories(), null);
    return repositories.resolveArtifact(session.getRepositorySession(), request).getArtifact().getFile().toPath();
  }
}
