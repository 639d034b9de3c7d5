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
