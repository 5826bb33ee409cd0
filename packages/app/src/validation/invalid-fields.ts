import { AuthzError } from '@batterydb/authz';

/** One field's problem: the field as the API names it, and the words. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Several invalid fields at once (SPEC §8: a form reports every invalid field, not the first).
 * It is an INVALID_INPUT error naming the first field, so the API's problem (one `field`) is
 * unchanged; a page reads `problems` to mark every field.
 */
export class InvalidFields extends AuthzError {
  readonly problems: readonly FieldProblem[];
  constructor(problems: readonly FieldProblem[]) {
    const first = problems[0]!;
    super('INVALID_INPUT', first.message, first.field);
    this.problems = problems;
  }
}

/**
 * Runs each field's check, keeps going past a refused one, and throws every refusal together.
 * A check refuses by throwing an INVALID_INPUT AuthzError naming its field (as the validators
 * do); anything else is a fault and goes straight through.
 */
export class FieldChecks {
  private readonly problems: FieldProblem[] = [];

  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (error instanceof InvalidFields) this.problems.push(...error.problems);
      else if (error instanceof AuthzError && error.code === 'INVALID_INPUT' && error.field !== undefined)
        this.problems.push({ field: error.field, message: error.message });
      else throw error;
      return undefined;
    }
  }

  /** Throws every refusal found so far, together. */
  done(): void {
    if (this.problems.length > 0) throw new InvalidFields(this.problems);
  }
}
