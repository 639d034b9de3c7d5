import { describe, expect, it } from 'vitest';
import { parseFloatStrict, parseTimeS } from '../../src/core/lap-time';
import { round3 } from '../../src/core/numeric';

describe('parseTimeS (original semantics)', () => {
  it('reads M:SS.mmm as 60 × minutes + seconds', () => {
    expect(parseTimeS('2:31.035')).toBeCloseTo(151.035, 9);
    expect(parseTimeS('0:53.893')).toBeCloseTo(53.893, 9);
    expect(parseTimeS('1:00.988')).toBeCloseTo(60.988, 9);
  });
  it('uses only the first two parts of a time with more colons', () => {
    // 60 × 1 + 2 = 62; the ".5" after the second colon is ignored, as the original did
    expect(parseTimeS('1:02:03.5')).toBe(62);
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
