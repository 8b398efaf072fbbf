import { z } from 'zod';
import { named } from './api-registry';

export const LiveSchema = named('Live', 'The process answers', z.strictObject({ status: z.literal('ok') }));

export const ReadySchema = named(
  'Ready',
  'Every service behind the gateway answered ready',
  z.strictObject({ status: z.literal('ok'), services: z.record(z.string(), z.literal('ready')) }),
);

/** The OpenAPI document itself: an object, not described further here. */
export const OpenApiDocumentSchema = named(
  'OpenApiDocument',
  'An OpenAPI 3.1 document',
  z.looseObject({ openapi: z.string() }),
);
