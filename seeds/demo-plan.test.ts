import { describe, expect, it } from 'vitest';
import { ruleParameters } from '../migrations/20261123100500_insert_reference_data.js';
import { isValidStructuredCommunication } from '../src/domain/belgian-identifiers.js';
import { addDays, yearOf } from '../src/domain/dates.js';
import { applyBasisPoints } from '../src/domain/money.js';
import { projectStatuses } from '../src/domain/project-status.js';
import { themes } from '../src/domain/themes.js';
import { trainingTitles } from './demo-catalogue.js';
import { buildDemoPlan } from './demo-plan.js';

const rules = ruleParameters.map(([key, validFrom, value]) => ({ key, valid_from: validFrom, value }));
const days = ['2026-11-23', '2026-01-01', '2026-02-10', '2027-01-03', '2026-12-31'];

describe('the demo plan', () => {
  it('is the same for the same day', () => {
    expect(buildDemoPlan('2026-11-23', rules)).toEqual(buildDemoPlan('2026-11-23', rules));
  });

  it('has a training title for every subtheme', () => {
    for (const theme of themes)
      for (const subtheme of theme.subthemes) expect(trainingTitles[subtheme.code]).toBeDefined();
  });

  for (const today of days) {
    describe(`on ${today}`, () => {
      const { projects } = buildDemoPlan(today, rules);
      const demo = projects.filter((project) => project.unit !== 'secondProvider');
      const lastTwoYears = demo.filter((project) => yearOf(project.applicationDate) >= yearOf(today) - 1);

      it('gives the demo provider over 200 projects in the last two calendar years, in every status', () => {
        expect(lastTwoYears.length).toBeGreaterThan(200);
        for (const status of projectStatuses)
          expect(lastTwoYears.some((project) => project.status === status)).toBe(true);
        expect(demo.some((project) => yearOf(project.applicationDate) === yearOf(today) - 3)).toBe(true);
        expect(projects.filter((project) => project.unit === 'secondProvider').length).toBe(10);
      });

      it('numbers projects and communications uniquely and validly', () => {
        expect(new Set(projects.map((project) => project.projectNumber)).size).toBe(projects.length);
        expect(new Set(projects.map((project) => project.structuredCommunication)).size).toBe(
          projects.length,
        );
        for (const project of projects) {
          expect(project.projectNumber).toMatch(
            new RegExp(`^${yearOf(project.applicationDate)}KMO[0-9]{6}$`),
          );
          expect(isValidStructuredCommunication(project.structuredCommunication)).toBe(true);
        }
      });

      it('keeps amounts consistent with the rate and the yearly ceiling', () => {
        const used = new Map<string, number>();
        for (const project of projects) {
          expect(project.subsidyCents).toBe(
            applyBasisPoints(project.projectAmountCents, project.subsidyRateBp),
          );
          expect(project.subsidyCents + project.ownContributionCents).toBe(project.projectAmountCents);
          expect(project.registrationCostCents).toBeGreaterThanOrEqual(project.projectAmountCents);
          if (project.status !== 'Vervallen' && project.status !== 'ProjectGeannuleerd') {
            const key = `${project.company}:${yearOf(project.applicationDate)}`;
            used.set(key, (used.get(key) ?? 0) + project.subsidyCents);
          }
        }
        for (const total of used.values()) expect(total).toBeLessThanOrEqual(750_000);
      });

      it('keeps every ledger balanced with the status, and nothing after today', () => {
        for (const project of projects) {
          const balance = project.ledger.reduce((sum, entry) => sum + entry.amountCents, 0);
          const inflow = project.ledger
            .filter((entry) => entry.amountCents > 0)
            .reduce((sum, e) => sum + e.amountCents, 0);
          if (['Bevestigd', 'ProjectGeannuleerd', 'Vervallen'].includes(project.status)) {
            expect(project.ledger).toEqual([]);
          } else {
            expect(inflow).toBe(project.projectAmountCents);
          }
          if (project.status === 'Afgewerkt' || project.status === 'Stopgezet') expect(balance).toBe(0);
          if (project.status === 'Lopend' || project.status === 'StopzettingAangevraagd')
            expect(balance).toBeGreaterThan(0);
          for (const entry of project.ledger) expect(entry.bookedOn <= today).toBe(true);
          expect(project.depositDeadline).toBe(addDays(project.applicationDate, 30));
        }
      });

      it('tells each project’s story in its history', () => {
        for (const project of projects) {
          expect(project.history[0]?.from).toBeNull();
          expect(project.history.at(-1)?.to).toBe(project.status);
          project.history.forEach((step, index) => {
            if (index > 0) expect(step.from).toBe(project.history[index - 1]?.to);
            expect(step.at.slice(0, 10) <= today).toBe(true);
          });
          if (project.status === 'Bevestigd') expect(project.depositDeadline >= today).toBe(true);
          if (project.service === 'opleiding') expect(project.participants.length).toBeGreaterThan(0);
          else expect(project.participants).toEqual([]);
        }
      });
    });
  }
});
