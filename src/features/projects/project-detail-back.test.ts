import { describe, expect, it } from 'vitest';
import { projectDetailHref, projectListHrefFrom } from './project-detail-back.js';

describe('projectListHrefFrom', () => {
  it('keeps a view of the projects overview, in the order the overview writes it', () => {
    expect(projectListHrefFrom('/dienstverlener/projecten')).toBe('/dienstverlener/projecten');
    expect(
      projectListHrefFrom('/dienstverlener/projecten?pagina=2&onderneming=Bakkerij%20%C3%89t%C3%A9'),
    ).toBe('/dienstverlener/projecten?onderneming=Bakkerij+%C3%89t%C3%A9&pagina=2');
  });

  it.each([
    undefined,
    ['/dienstverlener/projecten'],
    '',
    'dienstverlener/projecten',
    'https://evil.example/dienstverlener/projecten',
    '//evil.example/dienstverlener/projecten',
    '/\\evil.example',
    '/dienstverlener/projecten/2026KMO000001',
    '/dienstverlener/projecten/../projecten2',
    '/beheer/projecten',
  ])('refuses %j', (value) => {
    expect(projectListHrefFrom(value)).toBeUndefined();
  });
});

describe('projectDetailHref', () => {
  it('carries the view for the way back, and nothing for the default view', () => {
    expect(projectDetailHref('2026KMO000001', '')).toBe('/dienstverlener/projecten/2026KMO000001');
    expect(projectDetailHref('2026KMO000001', '?onderneming=C&pagina=2')).toBe(
      '/dienstverlener/projecten/2026KMO000001?terug=%2Fdienstverlener%2Fprojecten%3Fonderneming%3DC%26pagina%3D2',
    );
  });
});
