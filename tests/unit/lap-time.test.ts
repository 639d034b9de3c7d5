import { describe, expect, it } from 'vitest';
import { parseFloatStrict, parseTimeS } from '../../src/core/lap-time';
import { round3 } from '../../src/core/numeric';

describe('parseTimeS', () => {
  it('reads M:SS.mmm as 60 × minutes + seconds', () => {
    expect(parseTimeS('2:31.035')).toBeCloseTo(151.035, 9);
    expect(parseTimeS('0:53.893')).toBeCloseTo(53.893, 9);
    expect(parseTimeS('1:00.988')).toBeCloseTo(60.988, 9);
  });
  it('reads H:MM:SS.mmm in full (a garage stop of over an hour is not a 1-2 minute lap)', () => {
    // 3600 + 21 × 60 + 48.622 = 4908.622 (shared data README)
    expect(parseTimeS('1:21:48.622')).toBeCloseTo(4908.622, 9);
    expect(parseTimeS('1:02:03.5')).toBeCloseTo(3723.5, 9);
    // GR Cup PIT_TIME: 2 × 60 + 36.933
    expect(parseTimeS('0:02:36.933')).toBeCloseTo(156.933, 9);
    expect(parseTimeS('0:00:38.329')).toBeCloseTo(38.329, 9);
  });
  it('refuses a time with four parts or an empty part', () => {
    expect(parseTimeS('1:02:03:04')).toBeNull();
    expect(parseTimeS('1::03')).toBeNull();
    expect(parseTimeS('1:02:')).toBeNull();
  });
  it('passes plain seconds and numbers through', () => {
    expect(parseTimeS('45.381')).toBe(45.381);
    expect(parseTimeS(' 98.7 ')).toBe(98.7);
    expect(parseTimeS(12.5)).toBe(12.5);
  });
  it('gives missing for empty, blank, junk and NaN', () => {
    expect(parseTimeS('')).toBeNull();
    expect(parseTimeS('   ')).toBeNull();
    expect(parseTimeS(null)).toBeNull();
    expect(parseTimeS(undefined)).toBeNull();
    expect(parseTimeS('abc')).toBeNull();
    expect(parseTimeS('1:xx')).toBeNull();
    expect(parseTimeS(':30')).toBeNull();
    expect(parseTimeS(NaN)).toBeNull();
    expect(parseTimeS('nan')).toBeNull();
  });
  it('parses like Python float(): exponents, signs, trailing dot; no hex, no trailing junk', () => {
    expect(parseFloatStrict('1e2')).toBe(100);
    expect(parseFloatStrict('-3.5')).toBe(-3.5);
    expect(parseFloatStrict('5.')).toBe(5);
    expect(parseFloatStrict('.5')).toBe(0.5);
    expect(parseFloatStrict('1_000')).toBe(1000);
    expect(parseFloatStrict('inf')).toBe(Infinity);
    expect(parseFloatStrict('0x10')).toBeNull();
    expect(parseFloatStrict('12abc')).toBeNull();
    expect(parseFloatStrict('1,5')).toBeNull();
  });
});

describe('round3 (numpy rint on the scaled double)', () => {
  it('rounds ties to even', () => {
    expect(round3(0.0005)).toBe(0); // rint(0.5) = 0
    expect(round3(0.0015)).toBe(0.002); // rint(1.5) = 2
    expect(round3(0.0025)).toBe(0.002); // rint(2.5) = 2
    expect(round3(-0.0025)).toBe(-0.002);
  });
  it('rounds the scaled double, not the decimal text', () => {
    // 2.0025 × 1000 = 2002.4999999999998 in binary, so numpy gives 2.002
    expect(round3(2.0025)).toBe(2.002);
    expect(round3(101.2345678)).toBe(101.235);
  });
});

describe('the plain-decimal fast path', () => {
  // fast-check: every string of digits with at most one dot reads exactly as Number() reads it
  it('reads digits and one dot exactly as Number() does', async () => {
    const fc = (await import('fast-check')).default;
    const { plainDecimal } = await import('../../src/core/lap-time');
    const decimal = fc.tuple(fc.stringMatching(/^[0-9]{0,12}$/), fc.option(fc.stringMatching(/^[0-9]{0,6}$/))).map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(decimal, (s) => {
        const fast = plainDecimal(s, 0, s.length);
        const slow = Number(s);
        // it declines only no digits or more than 15 (the slow path reads those); every value it gives is Number()'s, bit for bit
        const digits = s.replace('.', '').length;
        if (Number.isNaN(fast)) return digits === 0 || digits > 15;
        return Object.is(fast, slow);
      }),
      { numRuns: 5000, seed: 10 },
    );
  });
  it('reads clock times as 60 × the parts before plus the seconds, bit for bit', async () => {
    const fc = (await import('fast-check')).default;
    const part = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 })).map(([s, ms]) => `${s}.${String(ms).padStart(3, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 2 }), part, (heads, secs) => {
        const text = [...heads.map(String), secs].join(':');
        // worked by the definition: total = 60 × total + part, left to right
        const expected = [...heads, Number(secs)].reduce((t, v) => 60 * t + v, 0);
        return Object.is(parseTimeS(text), expected) && Object.is(parseFloatStrict(secs), Number(secs));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
  it('leaves signs, spaces, exponents and long digit runs to the full reading', async () => {
    const { plainDecimal } = await import('../../src/core/lap-time');
    for (const s of ['-1.5', '+2', ' 3', '1e3', '1234567890123456', '1.2.3', '']) expect(plainDecimal(s, 0, s.length)).toBeNaN();
    expect(parseFloatStrict('1234567890123456')).toBe(1234567890123456);
    expect(parseFloatStrict('-1.5')).toBe(-1.5);
    expect(parseTimeS(' 1:02.5 ')).toBe(62.5);
  });
});
