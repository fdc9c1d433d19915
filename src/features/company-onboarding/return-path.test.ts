import { describe, expect, it } from 'vitest';
import { onboardingNoticeFor, onboardingPathFor } from './company-readiness.js';
import { onboardingReturnPath, withReturnPath } from './return-path.js';

describe('onboardingReturnPath', () => {
  it.each([
    ['/onderneming', '/onderneming'],
    ['/onderneming/aanvraag', '/onderneming/aanvraag'],
    ['/onderneming/aanvraag/12/project?stap=2', '/onderneming/aanvraag/12/project?stap=2'],
    ['/onderneming/projecten/2026KMO000123#historiek', '/onderneming/projecten/2026KMO000123'],
  ])('keeps the company page %j', (candidate, expected) => {
    expect(onboardingReturnPath(candidate)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    ['/onderneming/aanvraag', '/onderneming'],
    'https://evil.example/onderneming',
    '//evil.example/onderneming',
    '/\\evil.example/onderneming',
    'onderneming/aanvraag',
    '/dienstverlener',
    '/ondernemingen',
    '/onderneming/../dienstverlener',
    '/onderneming/%2e%2e/beheer',
    '/onderneming/..%2fbeheer/../../beheer',
    '/onderneming/grootte',
    '/onderneming/gegevens?terug=/onderneming',
    '/onderneming/aanvraag\r\nSet-Cookie: x=1',
  ])('refuses %j', (candidate) => {
    expect(onboardingReturnPath(candidate)).toBeUndefined();
  });
});

describe('withReturnPath and onboardingPathFor', () => {
  it('carries the return path in ?terug=, encoded', () => {
    expect(withReturnPath('/onderneming/grootte', undefined)).toBe('/onderneming/grootte');
    expect(withReturnPath('/onderneming/grootte', '/onderneming/aanvraag?x=1&y=2')).toBe(
      '/onderneming/grootte?terug=%2Fonderneming%2Faanvraag%3Fx%3D1%26y%3D2',
    );
  });

  it('leads to the page of the next step, and finally where the company was going', () => {
    expect(onboardingPathFor('size', '/onderneming')).toBe('/onderneming/grootte?terug=%2Fonderneming');
    expect(onboardingPathFor('large', undefined)).toBe('/onderneming/grootte');
    expect(onboardingPathFor('details', undefined)).toBe('/onderneming/gegevens');
    expect(onboardingPathFor(undefined, '/onderneming')).toBe('/onderneming');
    expect(onboardingPathFor(undefined, undefined)).toBe('/onderneming/aanvraag');
  });
});

describe('onboardingNoticeFor (the wallet banner)', () => {
  it('points each step to its page, naming the year', () => {
    expect(onboardingNoticeFor('size', 2026)).toMatchObject({
      title: 'Bevestig de grootte van uw onderneming voor 2026',
      href: '/onderneming/grootte',
      linkText: 'Grootte bevestigen',
    });
    expect(onboardingNoticeFor('details', 2026)).toMatchObject({
      href: '/onderneming/gegevens',
      linkText: 'Gegevens aanvullen',
    });
    expect(onboardingNoticeFor('large', 2026)).toMatchObject({
      title: 'Een grote onderneming kan geen kmo-portefeuille gebruiken',
      href: '/onderneming/grootte',
    });
  });
});
