import { isApiError } from '../api';

export interface FormErrors {
  /** Messages by form field name, shown next to the field. */
  readonly fields: Readonly<Record<string, string>>;
  /** What cannot be pinned on a field, shown above the buttons. */
  readonly form?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

/**
 * Places an API refusal on the form: each `errors[].field` on its field (through `fieldFor`, e.g.
 * `owner.email` → `email`), and codes that name no field but clearly belong to one (`email-taken`) on it.
 */
export function formErrorsOf(
  error: unknown,
  options: {
    readonly fieldFor?: (apiField: string) => string | undefined;
    readonly codeFields?: Readonly<Record<string, string>>;
    readonly messages?: Readonly<Record<string, string>>;
  } = {},
): FormErrors {
  if (!isApiError(error)) return { fields: {}, form: 'Something went wrong. Try again.' };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const { field, message } of error.errors) {
    const name = options.fieldFor ? options.fieldFor(field) : field;
    const text = sentence(message);
    if (name && !(name in fields)) fields[name] = text;
    else if (!name) unplaced.push(`${field} ${message}`);
  }
  const message = options.messages?.[error.code] ?? sentence(error.detail);
  const codeField = options.codeFields?.[error.code];
  if (codeField && !(codeField in fields)) fields[codeField] = message;
  const placed = Object.keys(fields).length > 0;
  const form = unplaced.length > 0 ? sentence(unplaced.join('; ')) : placed ? undefined : message;
  return form === undefined ? { fields } : { fields, form };
}

/** "must be at most 200 characters" → "Must be at most 200 characters." */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
