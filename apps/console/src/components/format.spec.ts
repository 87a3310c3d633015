import { LINE_CHARS, wrapLabel } from './format';

describe('wrapLabel (a chart axis label)', () => {
  it('keeps a short label on one line', () => {
    expect(wrapLabel('Klarifikasi')).toEqual(['Klarifikasi']);
  });

  it('breaks a long name between words into at most two lines and elides the rest', () => {
    const name = 'pemotongan tambahan penghasilan pegawai (TPP) sebesar 25% selama 6 bulan';
    const lines = wrapLabel(name);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('pemotongan tambahan');
    expect(lines[1].endsWith('…')).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(LINE_CHARS);
    expect(name.startsWith(`${lines[0]} ${lines[1].slice(0, -1)}`)).toBe(true);
  });

  it('keeps two lines whole when they fit', () => {
    expect(wrapLabel('menjadi peserta kampanye dengan atribut partai')).toEqual([
      'menjadi peserta kampanye',
      'dengan atribut partai',
    ]);
  });
});
