import { Controller, Header, Inject } from '@nestjs/common';
import { API } from '@studio/contracts';
import { SETTINGS } from '@studio/service-kit';
import type { GatewaySettings } from '../gateway.settings';
import { Route } from '../http/route.decorator';
import { DOCS_CSP, docsPage } from './docs-page';
import { openApiDocument } from './openapi.document';

/** The OpenAPI document, and an interactive page over it (Swagger UI, from local assets). */
@Controller()
export class DocsController {
  private readonly document: Record<string, unknown>;
  private readonly page: string;

  constructor(@Inject(SETTINGS) settings: GatewaySettings) {
    this.document = openApiDocument(settings.publicUrl);
    this.page = docsPage();
  }

  @Route(API.docsDocument)
  json(): Record<string, unknown> {
    return this.document;
  }

  @Route(API.docsPage)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DOCS_CSP)
  html(): string {
    return this.page;
  }
}
