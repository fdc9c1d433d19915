import { describe, expect, it } from 'vitest';
import { settleProject, stopFreesCeiling } from './settlement.js';

// A project of € 1.000,00 at 30 %: € 300,00 subsidy, € 700,00 own contribution, both in the wallet.
const project = { projectAmountCents: 100_000, grantedSubsidyCents: 30_000 };
const fullyFunded = { ...project, depositedCents: 70_000, subsidyBookedCents: 30_000 };

describe('settleProject', () => {
  it('refunds the whole own contribution and returns the whole subsidy when nothing was paid yet', () => {
    expect(settleProject({ ...fullyFunded, paidCents: 0 })).toEqual({
      subsidySpentCents: 0,
      ownSpentCents: 0,
      refundCents: 70_000,
      subsidyReturnCents: 30_000,
    });
  });

  it('splits a partial payment at the project rate: € 400 paid is € 120 subsidy and € 280 own money', () => {
    expect(settleProject({ ...fullyFunded, paidCents: 40_000 })).toEqual({
      subsidySpentCents: 12_000,
      ownSpentCents: 28_000,
      refundCents: 42_000,
      subsidyReturnCents: 18_000,
    });
  });

  it('keeps the rate when more than the own contribution was paid: € 800 paid leaves € 140 and € 60', () => {
    // Payments are never "own money first": the company still gets its share of what was not spent.
    expect(settleProject({ ...fullyFunded, paidCents: 80_000 })).toEqual({
      subsidySpentCents: 24_000,
      ownSpentCents: 56_000,
      refundCents: 14_000,
      subsidyReturnCents: 6_000,
    });
  });

  it('leaves only subsidy when the payments used up everything the company deposited', () => {
    // Only € 300 of the € 700 was deposited and € 500 paid: at the rate the company would owe € 350,
    // more than it put in, so its € 300 is spent whole and the subsidy covers the other € 200.
    expect(
      settleProject({ ...project, depositedCents: 30_000, subsidyBookedCents: 30_000, paidCents: 50_000 }),
    ).toEqual({
      subsidySpentCents: 20_000,
      ownSpentCents: 30_000,
      refundCents: 0,
      subsidyReturnCents: 10_000,
    });
  });

  it('rounds the subsidy share to the cent, and the two parts add up to the balance', () => {
    // € 1.198,35 with € 359,51 subsidy; € 500 paid: 50 000 × 35 951 ÷ 119 835 = 15 000,21 → € 150,00.
    const odd = { projectAmountCents: 119_835, grantedSubsidyCents: 35_951 };
    expect(
      settleProject({ ...odd, depositedCents: 83_884, subsidyBookedCents: 35_951, paidCents: 50_000 }),
    ).toEqual({
      subsidySpentCents: 15_000,
      ownSpentCents: 35_000,
      refundCents: 48_884,
      subsidyReturnCents: 20_951,
    });
    // Half a cent rounds up: 100 × 61 ÷ 200 = 30,5 → 31.
    expect(
      settleProject({
        projectAmountCents: 200,
        grantedSubsidyCents: 61,
        depositedCents: 139,
        subsidyBookedCents: 61,
        paidCents: 100,
      }),
    ).toEqual({ subsidySpentCents: 31, ownSpentCents: 69, refundCents: 70, subsidyReturnCents: 30 });
  });

  it('returns nothing when everything was paid out', () => {
    expect(settleProject({ ...fullyFunded, paidCents: 100_000 })).toEqual({
      subsidySpentCents: 30_000,
      ownSpentCents: 70_000,
      refundCents: 0,
      subsidyReturnCents: 0,
    });
  });

  it('refuses payments beyond what the wallet held, and amounts that are not whole cents', () => {
    expect(() => settleProject({ ...fullyFunded, paidCents: 100_001 })).toThrow(RangeError);
    expect(() => settleProject({ ...fullyFunded, paidCents: 10.5 })).toThrow(RangeError);
    expect(() => settleProject({ ...fullyFunded, paidCents: -1 })).toThrow(RangeError);
  });
});

describe('stopFreesCeiling', () => {
  it('frees the ceiling when the stop falls in the application year, up to 31 December', () => {
    expect(stopFreesCeiling('2026-03-02', '2026-11-18')).toBe(true);
    expect(stopFreesCeiling('2026-01-01', '2026-12-31')).toBe(true);
  });

  it('does not free it when the stop falls in a later year, even on 1 January', () => {
    expect(stopFreesCeiling('2026-12-30', '2027-01-01')).toBe(false);
    expect(stopFreesCeiling('2025-06-15', '2026-11-18')).toBe(false);
  });
});
