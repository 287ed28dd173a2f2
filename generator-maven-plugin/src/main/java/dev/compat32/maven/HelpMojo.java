package dev.compat32.maven;

import java.util.Comparator;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Describes the plugin's goals and, with {@code -Ddetail}, their parameters. Printed on standard
 * output, as help:evaluate -DforceStdout does, so that {@code -q} keeps it.
 *
 * @since 0.2.0
 */
@Mojo(name = "help", threadSafe = true)
public class HelpMojo extends AbstractMojo {
  @org.apache.maven.plugins.annotations.Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  /** Also list each goal's parameters. */
  @org.apache.maven.plugins.annotations.Parameter(property = "detail", defaultValue = "false")
  private boolean detail;

  /** Only this goal. */
  @org.apache.maven.plugins.annotations.Parameter(property = "goal")
  private String goal;

  @Override
  public void execute() {
    StringBuilder out = new StringBuilder(plugin.getName()).append(' ').append(plugin.getVersion()).append('\n')
        .append(plain(plugin.getDescription())).append("\n\n");
    plugin.getMojos().stream().filter(m -> goal == null || goal.equals(m.getGoal()))
        .sorted(Comparator.comparing(MojoDescriptor::getGoal)).forEach(mojo -> describe(mojo, out));
    System.out.print(out);
  }

  private void describe(MojoDescriptor mojo, StringBuilder out) {
    out.append(plugin.getGoalPrefix()).append(':').append(mojo.getGoal()).append('\n')
        .append(indent(plain(mojo.getDescription()), 2)).append('\n');
    if (detail) {
      mojo.getParameters().stream().filter(Parameter::isEditable).sorted(Comparator.comparing(Parameter::getName))
          .forEach(p -> out.append("  ").append(p.getName())
              .append(property(p))
              .append(p.getDefaultValue() == null ? "" : ", default " + p.getDefaultValue())
              .append(p.getSince() == null ? "" : ", since " + p.getSince()).append('\n')
              .append(indent(plain(p.getDescription()), 4)).append('\n'));
    }
    out.append('\n');
  }

  /** How to set {@code parameter} from the command line, if it can be. */
  private static String property(Parameter parameter) {
    String expression = parameter.getExpression();
    return expression == null || !expression.startsWith("${") || !expression.endsWith("}") ? ""
        : " (-D" + expression.substring(2, expression.length() - 1) + ")";
  }

  /** Javadoc HTML as text. */
  private static String plain(String html) {
    return html == null ? "" : html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        .replaceAll("\\{@code ([^}]*)}", "$1").replaceAll("\\s+", " ").strip();
  }

  private static String indent(String text, int spaces) {
    return text.isEmpty() ? "" : " ".repeat(spaces) + text;
  }
}
