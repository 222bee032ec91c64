package dev.realtimepipeline.sqlrunner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Flink SQL script into the statements {@code TableEnvironment#executeSql} takes.
 *
 * <ul>
 *   <li>Statements end at a {@code ;} outside string literals ({@code '...'}, a doubled {@code ''}
 *       is a quote), quoted identifiers ({@code `...`}, {@code "..."}) and comments.
 *   <li>{@code --} line comments and {@code /* ... *}{@code /} block comments are removed, except
 *       optimizer hints ({@code /*+ OPTIONS(...) *}{@code /}), which are kept verbatim.
 *   <li>An {@code EXECUTE STATEMENT SET BEGIN ...; ...; END;} block is ONE statement (its inserts
 *       run as one job). The SQL client's {@code BEGIN STATEMENT SET; ...; END;} form is turned
 *       into that block too.
 *   <li>{@code SET key = value} without quotes (SQL client style) becomes {@code SET 'key' =
 *       'value'}, the form the table environment parses.
 * </ul>
 */
public final class SqlScript {
  private SqlScript() {}

  /** One statement of a script, without its closing {@code ;}, and the line it starts on. */
  public static final class Statement {
    public final String sql;
    public final int line;

    Statement(String sql, int line) {
      this.sql = sql;
      this.line = line;
    }

    @Override
    public String toString() {
      return sql;
    }
  }

  /** The statements of {@code script} as text. */
  public static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    for (Statement s : parse(script)) out.add(s.sql);
    return out;
  }

  /** The statements of {@code script}, comments removed, statement sets kept whole. */
  public static List<Statement> parse(String script) {
    return group(chunks(script));
  }

  /** The text between the {@code ;} outside quotes and comments. */
  private static List<Statement> chunks(String script) {
    List<Statement> raw = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean content = false;
    int startLine = 1;
    int line = 1;
    int n = script.length();
    for (int i = 0; i < n; i++) {
      char c = script.charAt(i);
      char next = i + 1 < n ? script.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        while (i + 1 < n && script.charAt(i + 1) != '\n') i++;
      } else if (c == '/' && next == '*') {
        int end = script.indexOf("*/", i + 2);
        if (end < 0) throw new IllegalArgumentException("line " + line + ": unterminated /* comment");
        String comment = script.substring(i, end + 2);
        if (comment.startsWith("/*+")) {
          current.append(comment);
        } else {
          current.append(' ');
        }
        line += count(comment, '\n');
        i = end + 1;
      } else if (c == '\'' || c == '`' || c == '"') {
        int j = i + 1;
        for (;;) {
          if (j >= n) throw new IllegalArgumentException("line " + line + ": unterminated " + c + " quote");
          if (script.charAt(j) == c) {
            if (j + 1 < n && script.charAt(j + 1) == c) {
              j += 2; // a doubled quote stands for the quote character
              continue;
            }
            break;
          }
          j++;
        }
        if (!content) startLine = line;
        content = true;
        String quoted = script.substring(i, j + 1);
        current.append(quoted);
        line += count(quoted, '\n');
        i = j;
      } else if (c == ';') {
        if (content) raw.add(new Statement(current.toString().trim(), startLine));
        current.setLength(0);
        content = false;
      } else {
        if (c == '\n') line++;
        if (!content && !Character.isWhitespace(c)) {
          content = true;
          startLine = line;
        }
        current.append(c);
      }
    }
    if (content) raw.add(new Statement(current.toString().trim(), startLine));
    return raw;
  }

  private static final Pattern EXECUTE_SET = Pattern.compile("^EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern BEGIN_SET = Pattern.compile("^BEGIN\\s+STATEMENT\\s+SET$", Pattern.CASE_INSENSITIVE);
  private static final Pattern END = Pattern.compile("^END$", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNQUOTED_SET = Pattern.compile("^SET\\s+([^'\\s=][^\\s=]*)\\s*=\\s*(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static List<Statement> group(List<Statement> raw) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder set = null;
    int setLine = 0;
    for (Statement s : raw) {
      String text = s.sql;
      if (set == null) {
        if (EXECUTE_SET.matcher(text).matches()) {
          set = new StringBuilder(text).append(";\n");
          setLine = s.line;
        } else if (BEGIN_SET.matcher(text).matches()) {
          set = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
          setLine = s.line;
        } else if (END.matcher(text).matches()) {
          throw new IllegalArgumentException("line " + s.line + ": END without EXECUTE STATEMENT SET BEGIN");
        } else {
          statements.add(new Statement(normalizeSet(text), s.line));
        }
      } else if (END.matcher(text).matches()) {
        statements.add(new Statement(set.append("END").toString(), setLine));
        set = null;
      } else {
        set.append(text).append(";\n");
      }
    }
    if (set != null) throw new IllegalArgumentException("line " + setLine + ": statement set without END");
    return Collections.unmodifiableList(statements);
  }

  /** {@code SET a.b = c} becomes {@code SET 'a.b' = 'c'}; anything else is returned as it is. */
  static String normalizeSet(String statement) {
    Matcher m = UNQUOTED_SET.matcher(statement);
    if (!m.matches()) return statement;
    String value = m.group(2).trim();
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.substring(1, value.length() - 1).replace("''", "'");
    }
    return "SET '" + m.group(1).replace("'", "''") + "' = '" + value.replace("'", "''") + "'";
  }

  /** Whether the statement starts a job (an INSERT, a statement set, a query). */
  public static boolean isJob(String statement) {
    String head = statement.trim().toUpperCase(Locale.ROOT);
    return head.startsWith("INSERT")
        || head.startsWith("EXECUTE")
        || head.startsWith("SELECT")
        || head.startsWith("WITH")
        || head.startsWith("TABLE ");
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) k++;
    return k;
  }
}
