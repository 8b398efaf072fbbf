import { applyDecorators, HttpCode, RequestMapping, RequestMethod, SetMetadata } from '@nestjs/common';
import { expressPath, type HttpMethod, type Operation } from '@studio/contracts';
import { Access } from '../auth/auth-context';

export const OPERATION = 'gateway:operation';

const METHODS: Record<HttpMethod, RequestMethod> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PATCH: RequestMethod.PATCH,
  PUT: RequestMethod.PUT,
  DELETE: RequestMethod.DELETE,
};

/**
 * Serves an operation of the route table (`API` in contracts) as the table says: its method and path, its
 * success status, who may call it, and the operation itself (whether `Idempotency-Key` is honoured, how its
 * input parses: `@Input()`).
 */
export function Route(operation: Operation): MethodDecorator {
  const access = operation.auth === 'signature' ? 'public' : operation.auth;
  return applyDecorators(
    RequestMapping({ path: expressPath(operation.path), method: METHODS[operation.method] }),
    HttpCode(operation.success.status),
    Access(access),
    SetMetadata(OPERATION, operation),
  );
}
