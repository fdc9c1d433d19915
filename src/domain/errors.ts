/**
 * Errors that carry their HTTP status. The error handler maps each to a Dutch
 * page; the message is shown to the user, so it is written in Dutch.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(message = 'Deze pagina of dit gegeven bestaat niet, of u hebt er geen toegang toe.') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'U hebt geen toegang tot deze pagina.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTransitionError';
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(
    message = 'Iemand anders heeft dit intussen gewijzigd. Bekijk de actuele gegevens en probeer opnieuw.',
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
