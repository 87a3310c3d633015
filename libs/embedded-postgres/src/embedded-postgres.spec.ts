import { syncfsAvailable } from './embedded-postgres';

describe('syncfsAvailable', () => {
  it('is on for Linux 5.8 and later, whose syncfs reports write errors', () => {
    expect(syncfsAvailable('linux', '5.8.0-63-generic')).toBe(true);
    expect(syncfsAvailable('linux', '6.18.44-fc-v1300')).toBe(true);
    expect(syncfsAvailable('linux', '10.0.1')).toBe(true);
  });

  it('is off before Linux 5.8 and on other systems, which have no syncfs setting', () => {
    expect(syncfsAvailable('linux', '5.4.0-150-generic')).toBe(false);
    expect(syncfsAvailable('linux', '4.19.0')).toBe(false);
    expect(syncfsAvailable('darwin', '23.1.0')).toBe(false);
    expect(syncfsAvailable('win32', '10.0.22631')).toBe(false);
  });
});
