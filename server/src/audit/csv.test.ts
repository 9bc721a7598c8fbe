import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('defuses a formula: %j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('leaves ordinary text, numbers and empties alone', () => {
    expect(csvCell('case_file_read')).toBe('case_file_read');
    expect(csvCell('张三 a=b')).toBe('张三 a=b');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-1200)).toBe('-1200');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes objects as JSON and defuses them too', () => {
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});

describe('toCsv', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, '=2']])).toBe("\uFEFFa,b\r\n1,'=2\r\n");
  });
});
