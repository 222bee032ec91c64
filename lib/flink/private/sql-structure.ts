import { ValidationError } from '../../core/private/validation-error';

const LEADING = ['INSERT', 'CREATE', 'SET', 'EXECUTE', 'ALTER', 'DROP', 'USE', 'SELECT', 'RESET'];

/**
 * A light structural check of one SQL statement, for the escape hatch: the runtime cannot load the
 * real Flink grammar (dt-sql-parser is ESM and test-only), so this catches what a typo usually
 * breaks — unbalanced quotes or brackets, several statements glued together, a missing keyword —
 * and the test suite parses every script with the real grammar. Returns the statement, trimmed,
 * ending with `;`.
 */
export function checkSqlStructure(path: string, setting: string, sql: string): string {
  if (typeof sql !== 'string' || sql.trim().length === 0) {
    throw new ValidationError({ path, setting, limit: 'a non-empty SQL statement', value: JSON.stringify(sql) });
  }
  const fail = (limit: string, fix?: string): never => {
    throw new ValidationError({ path, setting, limit, value: JSON.stringify(sql.length > 120 ? sql.slice(0, 117) + '...' : sql), fix });
  };
  let depth = 0;
  let semicolons = 0;
  let lastSemicolon = -1;
  let code = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      code += ' ';
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) fail('free of unterminated /* comments');
      i = end + 1;
      code += ' ';
      continue;
    }
    if (ch === "'" || ch === '`' || ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) fail(`free of unterminated ${ch} quotes`);
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      code += ch + ch;
      i = j;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) fail('balanced in its brackets (a ")" closes nothing)');
    if (ch === ';') {
      semicolons++;
      lastSemicolon = code.length;
    }
    code += ch;
  }
  if (depth !== 0) fail('balanced in its brackets (a "(" is never closed)');
  const trimmed = code.trim();
  const leading = (trimmed.match(/^[A-Za-z]+/) ?? [''])[0].toUpperCase();
  if (!LEADING.includes(leading)) fail(`a statement starting with ${LEADING.join(', ')}`);
  const isStatementSet = /^EXECUTE\s+STATEMENT\s+SET\s+BEGIN\b/i.test(trimmed);
  if (isStatementSet) {
    if (!/\bEND\s*;?$/i.test(trimmed)) fail('an EXECUTE STATEMENT SET BEGIN … END block that ends with END;');
  } else if (semicolons > 1 || (semicolons === 1 && code.slice(lastSemicolon + 1).trim() !== '')) {
    fail('one statement (pass each statement separately)');
  }
  const out = sql.trim();
  return out.endsWith(';') ? out : out + ';';
}
