import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Operation } from '@studio/contracts';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { OPERATION } from './route.decorator';

/** `ETag: "<version>"` on the answers of operations whose table entry says so (API.md: the ETag is the version). */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const operation = this.reflector.get<Operation | undefined>(OPERATION, context.getHandler());
    if (operation?.success.etag !== true) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((value: unknown) => {
        const version = (value as { version?: unknown } | undefined)?.version;
        if (typeof version === 'number') res.setHeader('ETag', `"${version}"`);
        return value;
      }),
    );
  }
}
