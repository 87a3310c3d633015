/**
 * Request validation: DTO classes with class-validator decorators; unknown fields and wrong types are
 * rejected (never silently dropped or coerced), and every failure becomes one 400 VALIDATION_FAILED
 * problem listing each field.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // "12" is not 12: wrong JSON types are errors, not guesses.
    transformOptions: { enableImplicitConversion: false },
    // Never echo submitted values back (they may be personal data) or the DTO instance.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return new ProblemException({
    status: 400,
    code: 'VALIDATION_FAILED',
    title: 'Validation failed',
    detail: `The request is invalid: ${fields}.`,
    detailId: `Permintaan tidak valid: ${fields}.`,
    errors,
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property || 'body';
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      flat.push({
        field,
        constraint,
        // class-validator's own wording for unknown fields is "property x should not exist".
        message: constraint === 'whitelistValidation' ? `unknown field "${field}"` : message,
      });
    }
    flat.push(...flattenValidationErrors(error.children ?? [], field));
  }
  return flat;
}
