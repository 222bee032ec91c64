import { Size } from '../../lib';

describe('Size', () => {
  test('renders Kafka bytes, Kubernetes quantities and Flink memory sizes', () => {
    expect(Size.gibibytes(1).toKafkaBytes()).toBe('1073741824');
    expect(Size.mebibytes(512).toKubernetes()).toBe('512Mi');
    expect(Size.mebibytes(2048).toKubernetes()).toBe('2Gi');
    expect(Size.mebibytes(1536).toFlink()).toBe('1536 mb');
    expect(Size.bytes(100).toFlink()).toBe('100 bytes');
  });

  test('refuses fractions of a byte and negative sizes', () => {
    expect(() => Size.bytes(1.5)).toThrow(/whole number of bytes/);
    expect(() => Size.mebibytes(-1)).toThrow(/Size.mebibytes\(\)/);
  });

  test('compares', () => {
    expect(Size.kibibytes(1024).compareTo(Size.mebibytes(1))).toBe(0);
    expect(Size.kibibytes(1).compareTo(Size.bytes(10))).toBe(1);
  });
});
