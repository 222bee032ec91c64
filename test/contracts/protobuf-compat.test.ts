import { checkProtobuf, findBuf } from '../../lib/contracts/private/compat/protobuf';
import { CheckDirection, SchemaParseError } from '../../lib/contracts/private/compat/types';
import { describeWithTool } from '../conformance/shared';

function proto(body: string): string {
  return `syntax = "proto3";\npackage shop;\n\nmessage Order {\n${body}\n}\n`;
}

const BASE = proto('  int64 order_id = 1;\n  double amount = 2;\n  string note = 3;');

describeWithTool('buf', 'npm i -D @bufbuild/buf', 'Protobuf compatibility (buf breaking, WIRE_JSON)', (toolPath) => {
  // The native binary when the library finds it (the same one synth uses), else the tool on PATH.
  const buf = findBuf() ?? toolPath;
  const rules = (previous: string, next: string, direction = CheckDirection.BACKWARD) =>
    checkProtobuf(previous, next, direction, buf).map((i) => `${i.location} ${i.rule}`).sort();

  test('adding a field is compatible', () => {
    expect(rules(BASE, proto('  int64 order_id = 1;\n  double amount = 2;\n  string note = 3;\n  string currency = 4;'))).toEqual([]);
  });

  test('changing a field type is refused, naming the message and field', () => {
    const found = rules(BASE, proto('  int64 order_id = 1;\n  string amount = 2;\n  string note = 3;'));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/Order\.amount buf:FIELD_(SAME_TYPE|WIRE_JSON_COMPATIBLE_TYPE)/);
  });

  test('changing a field number is refused', () => {
    const found = rules(BASE, proto('  int64 order_id = 1;\n  double amount = 5;\n  string note = 3;'));
    expect(found.join('\n')).toMatch(/Order\.amount buf:FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED/);
  });

  test('removing a field without reserving it is refused', () => {
    const found = rules(BASE, proto('  int64 order_id = 1;\n  double amount = 2;'));
    expect(found).toEqual(['Order.note buf:FIELD_NO_DELETE_UNLESS_NAME_RESERVED', 'Order.note buf:FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED']);
  });

  test('removing a field whose number and name are reserved is compatible', () => {
    expect(rules(BASE, proto('  reserved 3;\n  reserved "note";\n  int64 order_id = 1;\n  double amount = 2;'))).toEqual([]);
  });

  test('reserving only the number still breaks the JSON mapping', () => {
    expect(rules(BASE, proto('  reserved 3;\n  int64 order_id = 1;\n  double amount = 2;'))).toEqual(['Order.note buf:FIELD_NO_DELETE_UNLESS_NAME_RESERVED']);
  });

  test('renaming a field breaks the JSON mapping', () => {
    const found = rules(BASE, proto('  int64 order_id = 1;\n  double total = 2;\n  string note = 3;'));
    expect(found.join('\n')).toMatch(/buf:FIELD_SAME_JSON_NAME|buf:FIELD_SAME_NAME/);
  });

  test('FORWARD runs buf the other way round', () => {
    const reserved = proto('  reserved 3;\n  reserved "note";\n  int64 order_id = 1;\n  double amount = 2;');
    expect(rules(BASE, reserved, CheckDirection.FORWARD).join('\n')).toMatch(/buf:/);
  });

  test('a schema buf cannot compile is a parse error', () => {
    expect(() => checkProtobuf(BASE, 'syntax = "proto3";\nmessage {', CheckDirection.BACKWARD, buf)).toThrow(SchemaParseError);
  });

  test('the library finds buf through the optional @bufbuild/buf package', () => {
    expect(findBuf()).toBeDefined();
  });
});
