import { describe, expect, it } from 'vitest';
import { InvalidInputError, parseEnvAssignment, parseHeader, parsePort, parseSecretEnvAssignment, parseVolume } from '../../../shared/config-inputs';

describe('command-line values for a RunConfig', () => {
  it('parses KEY=VALUE env on the first "=", keeping the value as given', () => {
    expect(parseEnvAssignment('A=b=c')).toEqual(['A', 'b=c']);
    expect(parseEnvAssignment('EMPTY=')).toEqual(['EMPTY', '']);
  });

  it('parses volumes with their mode', () => {
    expect(parseVolume('/h:/c')).toEqual({ hostPath: '/h', containerPath: '/c', readOnly: false });
    expect(parseVolume('/h:/c:ro')).toEqual({ hostPath: '/h', containerPath: '/c', readOnly: true });
  });

  it('parses headers as Name: value', () => {
    expect(parseHeader('Authorization: Bearer x:y')).toEqual(['Authorization', 'Bearer x:y']);
  });

  it('parses ports', () => {
    expect(parsePort('8080', 'proxy port')).toBe(8080);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['env without =', () => parseEnvAssignment('NOVALUE'), /invalid environment variable "NOVALUE": expected KEY=VALUE/],
    ['env with a bad key', () => parseEnvAssignment('1A=b'), /invalid environment variable "1A=b"/],
    ['env with an empty key', () => parseEnvAssignment('=b'), /invalid environment variable/],
    ['a volume without a container path', () => parseVolume('/h'), /expected HOST:CONTAINER/],
    ['a volume with a bad mode', () => parseVolume('/h:/c:rx'), /mode must be ro or rw/],
    ['a volume with too many parts', () => parseVolume('/h:/c:ro:x'), /expected HOST:CONTAINER/],
    ['a relative host path', () => parseVolume('h:/c'), /host path must be absolute/],
    ['a relative container path', () => parseVolume('/h:c'), /container path must be absolute/],
    ['the container root', () => parseVolume('/h:/'), /must not be \//],
    ['a header without a colon', () => parseHeader('Authorization'), /expected "Name: value"/],
    ['a header with an empty name', () => parseHeader(': x'), /name is empty/],
    ['a header name with a space', () => parseHeader('Bad Name: x'), /header name/],
    ['a header value with a line break', () => parseHeader('X: a\r\nInjected: 1'), /line break/],
    ['__proto__ as an env name (an object key that would be lost)', () => parseEnvAssignment('__proto__=x'), /the name "__proto__" is reserved/],
    ['constructor as an env name', () => parseEnvAssignment('constructor=x'), /the name "constructor" is reserved/],
    ['an env value over 32 KB', () => parseEnvAssignment(`BIG=${'x'.repeat(40_000)}`), /^invalid environment variable "BIG=x+…": the value is longer than 32768 characters$/],
    ['__proto__ as a header name', () => parseHeader('__proto__: v'), /the name "__proto__" is reserved/],
    ['a header value over 8 KB', () => parseHeader(`X: ${'v'.repeat(10_000)}`), /the value is longer than 8192 characters$/],
    ['port 0', () => parsePort('0', 'proxy port'), /invalid proxy port "0"/],
    ['port 65536', () => parsePort('65536', 'proxy port'), /1 to 65535/],
    ['a port with letters', () => parsePort('80a', 'target port'), /invalid target port/],
    ['a negative port', () => parsePort('-1', 'proxy port'), /1 to 65535/],
  ])('refuses %s with InvalidInputError', (_what, parse, reason) => {
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(reason);
  });
});

describe('secret environment values', () => {
  const shell = (key: string) => ({ FROM_SHELL: 's3cret-from-shell' })[key];

  it('parses KEY=VALUE, and KEY alone from the lookup (the CLI\'s own environment)', () => {
    expect(parseSecretEnvAssignment('API_KEY=s3cret=x')).toEqual(['API_KEY', 's3cret=x']);
    expect(parseSecretEnvAssignment('FROM_SHELL', shell)).toEqual(['FROM_SHELL', 's3cret-from-shell']);
    expect(parseSecretEnvAssignment('FROM_SHELL=typed', shell)).toEqual(['FROM_SHELL', 'typed']);
  });

  it.each<[string, string, RegExp]>([
    ['a bad key', '1A=s3cret', /^invalid secret environment variable "1A": an environment variable name holds letters/],
    ['an empty key', '=s3cret', /^invalid secret environment variable "": /],
    ['a reserved key', '__proto__=s3cret', /^invalid secret environment variable "__proto__": the name "__proto__" is reserved$/],
    ['a key the shell does not set', 'NOT_SET', /^invalid secret environment variable "NOT_SET": expected KEY=VALUE, or KEY set in this shell's environment$/],
    ['a value given without its key', 's3cret-pasted-alone', /^invalid secret environment variable: expected KEY=VALUE, or the name of a variable set in this shell$/],
    ['a value over 32 KB', `BIG=s3cret${'x'.repeat(40_000)}`, /^invalid secret environment variable "BIG": the value is longer than 32768 characters$/],
  ])('refuses %s naming the key, never the value', (_what, text, reason) => {
    const parse = () => parseSecretEnvAssignment(text, shell);
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(reason);
    expect(parse).not.toThrow(/s3cret/);
  });

  it('needs the = where there is no lookup (a form)', () => {
    expect(() => parseSecretEnvAssignment('FROM_SHELL')).toThrow(/^invalid secret environment variable: a line has no "=" \(expected KEY=VALUE\)$/);
  });
});
