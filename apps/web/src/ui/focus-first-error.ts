import { useEffect, useRef } from 'react';
import type { FormErrors } from './form-errors';

/** After a refused submit, focus moves to the first field the API named (or stays, if none). */
export function useFocusFirstError<E extends HTMLElement = HTMLFormElement>(errors: FormErrors) {
  const ref = useRef<E>(null);
  useEffect(() => {
    const invalid = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [errors]);
  return ref;
}
