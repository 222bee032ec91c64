package dev.realtimepipeline.sqlrunner;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a Flink configuration file into flat {@code key -> value} pairs: a FlinkDeployment's
 * {@code flinkConfiguration} as the rehearsal writes it.
 *
 * <ul>
 *   <li>{@code *.properties}: {@link Properties} syntax ({@code key=value}).
 *   <li>anything else: YAML mappings of scalars, flat ({@code a.b: v}, the legacy {@code
 *       flink-conf.yaml}) or nested ({@code a:} / {@code   b: v}, Flink 2's {@code config.yaml}).
 *       Values may be plain, {@code 'single'} (a doubled {@code ''} is a quote) or {@code
 *       "double"} quoted (JSON escapes). {@code #} comments. Lists are not supported.
 * </ul>
 */
public final class ConfFile {
  private ConfFile() {}

  public static Map<String, String> read(Path file) throws IOException {
    if (file.getFileName().toString().endsWith(".properties")) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k));
      return out;
    }
    return parseYaml(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  static Map<String, String> parseYaml(List<String> lines, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    // open parents of nested keys: indentation and key prefix
    Deque<int[]> indents = new ArrayDeque<>();
    Deque<String> prefixes = new ArrayDeque<>();
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#") || t.equals("---")) continue;
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') indent++;
      if (t.startsWith("- ") || t.equals("-")) {
        throw new IllegalArgumentException(name + ":" + lineNo + ": YAML lists are not supported: " + line);
      }
      int colon = keyEnd(t);
      if (colon < 0) throw new IllegalArgumentException(name + ":" + lineNo + ": not a 'key: value' line: " + line);
      String key = unquote(t.substring(0, colon).trim(), name, lineNo);
      String rest = stripComment(t.substring(colon + 1)).trim();
      while (!indents.isEmpty() && indents.peek()[0] >= indent) {
        indents.pop();
        prefixes.pop();
      }
      String full = prefixes.isEmpty() ? key : prefixes.peek() + "." + key;
      if (rest.isEmpty()) {
        indents.push(new int[] {indent});
        prefixes.push(full);
      } else {
        out.put(full, unquote(rest, name, lineNo));
      }
    }
    return out;
  }

  /** Index of the {@code :} ending the key (followed by a blank or the end), outside quotes. */
  private static int keyEnd(String t) {
    char quote = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') i++;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        if (i == 0) quote = c;
      } else if (c == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ' || t.charAt(i + 1) == '\t')) {
        return i;
      }
    }
    return -1;
  }

  /** Drops a {@code  # comment} after a plain value (not inside quotes). */
  private static String stripComment(String v) {
    String s = v.trim();
    if (s.startsWith("\"") || s.startsWith("'")) {
      char q = s.charAt(0);
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (q == '"' && c == '\\') {
          i++;
        } else if (c == q) {
          if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            i++;
            continue;
          }
          return s.substring(0, i + 1);
        }
      }
      return s;
    }
    int hash = s.indexOf(" #");
    return hash < 0 ? s : s.substring(0, hash);
  }

  static String unquote(String v, String name, int lineNo) {
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1).replace("''", "'");
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (++i >= v.length() - 1) throw new IllegalArgumentException(name + ":" + lineNo + ": bad escape in " + v);
        char e = v.charAt(i);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case '/': b.append('/'); break;
          case 'u':
            if (i + 4 >= v.length()) throw new IllegalArgumentException(name + ":" + lineNo + ": bad \\u escape in " + v);
            b.append((char) Integer.parseInt(v.substring(i + 1, i + 5), 16));
            i += 4;
            break;
          default: b.append(e);
        }
      }
      return b.toString();
    }
    return v;
  }
}
