import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  HttpException,
  Inject,
  Module,
  type Type,
} from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { readySubject, type ServiceName } from '@studio/contracts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsSource } from './metrics-source';
import { OpsServer } from './ops-server';

/** Whether the service is ready: set once it is migrated, connected and consuming. */
export class Readiness {
  ready = false;
}

/**
 * Liveness, readiness and Prometheus metrics over HTTP, and readiness over the bus (the gateway's
 * `/health/ready` asks every service). The gateway adds its own readiness that checks the others, and serves
 * its metrics on its ops port (`OpsServer`), never on its public one: `publicHttp` leaves `/metrics` off it.
 */
export function opsModule(
  service: ServiceName,
  options: { httpReadiness: boolean; publicHttp: boolean },
): DynamicModule {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const source = new MetricsSource(registry);

  @Controller('health')
  class LiveController {
    @Get('live')
    live() {
      return { status: 'ok' };
    }
  }

  @Controller('health')
  class ReadyController {
    constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

    @Get('ready')
    ready() {
      if (!this.readiness.ready) throw new HttpException({ status: 'starting' }, 503);
      return { status: 'ok' };
    }
  }

  @Controller()
  class BusReadyController {
    constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

    @MessagePattern(readySubject(service))
    ready() {
      return { service, ready: this.readiness.ready };
    }
  }

  @Controller()
  class MetricsController {
    @Get('metrics')
    @Header('Content-Type', registry.contentType)
    metrics() {
      return source.text();
    }
  }

  const controllers: Type[] = [LiveController, BusReadyController];
  if (!options.publicHttp) controllers.push(MetricsController);
  if (options.httpReadiness) controllers.push(ReadyController);
  @Module({})
  class OpsModule {}
  return {
    module: OpsModule,
    global: true,
    controllers,
    providers: [Readiness, { provide: MetricsSource, useValue: source }, OpsServer],
    exports: [Readiness, MetricsSource, OpsServer],
  };
}
