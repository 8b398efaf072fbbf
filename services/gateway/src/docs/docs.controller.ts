import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '../auth/auth-context';
import { DOCS_CSP, DOCS_PAGE } from './docs-page';
import { OPENAPI_DOCUMENT } from './openapi';

@Controller('api')
@Access('public')
export class DocsController {
  @Get('docs.json')
  document(): typeof OPENAPI_DOCUMENT {
    return OPENAPI_DOCUMENT;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DOCS_CSP)
  page(): string {
    return DOCS_PAGE;
  }
}
