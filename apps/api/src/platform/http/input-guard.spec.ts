import { unsafeUrlPart } from './input-guard';
import { findUnsafeBodyText, MAX_BODY_DEPTH, neutraliseForDisplay } from '@netral/domain';

describe('unsafe URLs', () => {
  it.each([
    ['/cases?q=%00', 'query.q'],
    ['/cases/NTR-1%00', 'path'],
    ['/cases/NTR-1%0A/events', 'path'],
    ['/cases?stage=x&officerId=a%7Fb', 'query.officerId'],
    ['/cases?q=%C2%85', 'query.q'], // C1 NEL
    ['/cases?q%00=1', 'query'],
    ['/cases?q=%E0%A4%A', 'query'],
    ['/cases/%E0%A4%A', 'path'],
  ])('%s is refused (%s)', (url, field) => {
    expect(unsafeUrlPart(url)?.field).toBe(field);
  });

  it.each([
    '/cases',
    '/cases?q=dedi+kurniawan',
    '/cases?q=Ni%20Luh%20Putu',
    '/cases/NTR-7KQ2M9XD4HBA/events',
  ])('%s passes', (url) => expect(unsafeUrlPart(url)).toBeUndefined());
});

describe('unsafe body text', () => {
  it('names the first offending field, nested and in arrays', () => {
    expect(findUnsafeBodyText({ a: { b: ['ok', 'x\u0000'] } })?.field).toBe('a.b.1');
    expect(findUnsafeBodyText({ name: 'Dedi \u202Enawruk' })?.field).toBe('name');
    expect(findUnsafeBodyText({ name: 'a\u2066b' })?.field).toBe('name');
    expect(findUnsafeBodyText({ ['k\u0001']: 1 })?.message).toMatch(/field name/);
  });

  it('refuses lone surrogates (PostgreSQL refuses them in jsonb) but accepts proper pairs', () => {
    expect(findUnsafeBodyText({ reason: 'a\ud800b' })?.field).toBe('reason');
    expect(findUnsafeBodyText({ a: ['\udfff'] })?.message).toMatch(/lone surrogate/);
    expect(findUnsafeBodyText({ ['k\udc00']: 1 })?.message).toMatch(/field name/);
    expect(findUnsafeBodyText({ name: 'Siti 😀 \ud83d\ude00' })).toBeUndefined();
  });

  it('refuses bodies nested deeper than MAX_BODY_DEPTH without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(findUnsafeBodyText(deep)).toMatchObject({ constraint: 'maxDepth' });
    const deepObject = JSON.parse('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)) as unknown;
    expect(findUnsafeBodyText({ reason: deepObject })?.field).toMatch(/^reason\.a\.a/);
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = [ok];
    expect(findUnsafeBodyText(ok)).toBeUndefined();
  });

  it('accepts tabs, line breaks, joiners and direction marks', () => {
    expect(
      findUnsafeBodyText({ conduct: 'baris 1\r\nbaris 2\tx', name: 'a\u200Db\u200F', n: 1 }),
    ).toBeUndefined();
  });
});

describe('neutraliseForDisplay', () => {
  it('shows bidi controls, invisible format characters and stray controls as markers', () => {
    expect(neutraliseForDisplay('Dedi \u202Enawruk\u202C')).toBe('Dedi [U+202E]nawruk[U+202C]');
    expect(neutraliseForDisplay('a\u200Bb\uFEFFc\u00ADd\u2028e')).toBe(
      'a[U+200B]b[U+FEFF]c[U+00AD]d[U+2028]e',
    );
    expect(neutraliseForDisplay('x\u0000y\u0085')).toBe('x[U+0000]y[U+0085]');
    expect(neutraliseForDisplay('baris 1\nbaris 2\tok')).toBe('baris 1\nbaris 2\tok');
  });
});
