import { fingerprint32 } from './farmhash';

// Reference values of FarmHash Fingerprint32 (the same vectors the Go port the server uses is tested with),
// chosen to cover every length branch: 0-4, 5-12, 13-24 and longer inputs.
const referenceVectors: [string, number][] = [
  ['', 0xdc56d17a],
  ['a', 0x3c973d4d],
  ['abcd', 0x98b51e95],
  ['abcde', 0xa3f366ac],
  ['0123456789', 0x9741ca1a],
  ['0123456789~01', 0x0d92cafb],
  ['0123456789&012345678', 0x3884aa05],
  ['0123456789$0123456789!0', 0xfa88d020],
  ['size:  a.out:  bad magic', 0xc6246b8d],
  ["Nepal premier won't resign.", 0x322984d9],
  ['0123456789%0123456789£', 0x1723dd7a],
  [
    'The fugacity of a constituent in a mixture of gases at a given temperature is proportional to its mole fraction.  Lewis-Randall Rule',
    0x11c493bb,
  ],
];

describe('fingerprint32', () => {
  it.each(referenceVectors)('hashes %j to the reference value', (text, expected) => {
    expect(fingerprint32(new TextEncoder().encode(text))).toBe(expected);
  });

  it('returns an unsigned 32-bit integer', () => {
    const hash = fingerprint32(new Uint8Array([0xff, 0xfe, 0x80, 0x00, 0x7f]));
    expect(Number.isInteger(hash)).toBe(true);
    expect(hash).toBeGreaterThanOrEqual(0);
    expect(hash).toBeLessThan(2 ** 32);
  });
});
