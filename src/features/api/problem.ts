import type { Response } from 'express';

/**
 * RFC 9457 problem details: every error of the API is one of these, sent as
 * `application/problem+json`. Each kind has a stable `type` URI (documented in
 * docs/API.md and the OpenAPI document); title and detail are Dutch.
 */
export const problemTypeBase = 'https://kmo-portefeuille.be/problemen/';

export const problemKinds = {
  'token-ongeldig': { status: 401, title: 'Geen geldig token' },
  'ongeldige-parameter': { status: 400, title: 'Ongeldige parameter' },
  'ongeldige-aanvraag': { status: 400, title: 'Ongeldige aanvraag' },
  'niet-gevonden': { status: 404, title: 'Niet gevonden' },
  'niet-aanvaardbaar': { status: 406, title: 'Alleen JSON' },
  'te-veel-aanvragen': { status: 429, title: 'Te veel aanvragen' },
  serverfout: { status: 500, title: 'Interne fout' },
} as const;

export type ProblemKind = keyof typeof problemKinds;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The query or path parameter that was refused (400 ongeldige-parameter). */
  parameter?: string;
}

/** An error of the API that becomes a problem document. */
export class ApiProblem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly parameter?: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = problemKinds[kind].status;
  }

  document(): ProblemDocument {
    return {
      type: `${problemTypeBase}${this.kind}`,
      title: problemKinds[this.kind].title,
      status: this.status,
      detail: this.detail,
      ...(this.parameter === undefined ? {} : { parameter: this.parameter }),
    };
  }
}

export function sendProblem(res: Response, problem: ApiProblem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.document()));
}

export const notFound = (detail = 'Dit gegeven bestaat niet, of uw token heeft er geen toegang toe.') =>
  new ApiProblem('niet-gevonden', detail);

export const badParameter = (parameter: string, detail: string) =>
  new ApiProblem('ongeldige-parameter', detail, parameter);
