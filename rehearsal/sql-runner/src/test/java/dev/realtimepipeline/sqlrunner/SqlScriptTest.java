package dev.realtimepipeline.sqlrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    String script = String.join("\n",
        "-- a comment; with a semicolon",
        "CREATE TABLE t (a STRING, `b;c` INT) WITH ('connector' = 'datagen', 'x' = 'it''s; -- not a comment');",
        "/* block; comment */ SET 'pipeline.name' = 'n;1'; -- trailing",
        "INSERT INTO s SELECT '--', \"q;\" FROM t");
    List<String> s = SqlScript.split(script);
    assertEquals(3, s.size(), s.toString());
    assertEquals("CREATE TABLE t (a STRING, `b;c` INT) WITH ('connector' = 'datagen', 'x' = 'it''s; -- not a comment')", s.get(0));
    assertEquals("SET 'pipeline.name' = 'n;1'", s.get(1));
    assertEquals("INSERT INTO s SELECT '--', \"q;\" FROM t", s.get(2));
  }

  @Test
  void keepsAStatementSetWhole() {
    String script = String.join("\n",
        "CREATE TABLE a (x INT);",
        "EXECUTE STATEMENT SET",
        "BEGIN",
        "  -- first",
        "  INSERT INTO b SELECT x FROM a;",
        "  INSERT INTO c SELECT x FROM a WHERE x > 0;",
        "END;",
        "SELECT 1;");
    List<SqlScript.Statement> s = SqlScript.parse(script);
    assertEquals(3, s.size(), s.toString());
    assertTrue(s.get(1).sql.startsWith("EXECUTE STATEMENT SET\nBEGIN"), s.get(1).sql);
    assertTrue(s.get(1).sql.endsWith("INSERT INTO c SELECT x FROM a WHERE x > 0;\nEND"), s.get(1).sql);
    assertEquals(2, s.get(1).line);
    assertEquals(8, s.get(2).line);
  }

  @Test
  void turnsTheSqlClientStatementSetIntoOneStatement() {
    List<String> s = SqlScript.split("begin statement set; insert into b select 1; insert into c select 2; end;");
    assertEquals(Arrays.asList("EXECUTE STATEMENT SET BEGIN\ninsert into b select 1;\ninsert into c select 2;\nEND"), s);
  }

  @Test
  void keepsHints() {
    List<String> s = SqlScript.split("INSERT INTO b SELECT * FROM a /*+ OPTIONS('scan.startup.mode'='earliest-offset') */;");
    assertEquals("INSERT INTO b SELECT * FROM a /*+ OPTIONS('scan.startup.mode'='earliest-offset') */", s.get(0));
  }

  @Test
  void quotesUnquotedSet() {
    assertEquals("SET 'table.exec.state.ttl' = '1 h'", SqlScript.normalizeSet("SET table.exec.state.ttl = 1 h"));
    assertEquals("SET 'a' = 'b'", SqlScript.normalizeSet("SET a = 'b'"));
    assertEquals("SET 'a' = 'b'", SqlScript.normalizeSet("SET 'a' = 'b'"));
  }

  @Test
  void rejectsBrokenScripts() {
    assertThrows(IllegalArgumentException.class, () -> SqlScript.split("SELECT 'x;"));
    assertThrows(IllegalArgumentException.class, () -> SqlScript.split("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"));
    assertThrows(IllegalArgumentException.class, () -> SqlScript.split("SELECT 1; /* open"));
  }

  @Test
  void dropsEmptyStatements() {
    assertEquals(Arrays.asList("SELECT 1"), SqlScript.split(";;\n-- only a comment;\nSELECT 1;;"));
  }
}
