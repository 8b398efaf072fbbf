import { z } from 'zod';

/** The named shapes of the HTTP API: each becomes `#/components/schemas/<id>` of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string; description: string }>();

/** Registers a schema of the API under its component name. */
export function named<S extends z.ZodType>(id: string, description: string, schema: S): S {
  apiSchemas.add(schema, { id, description });
  return schema;
}
