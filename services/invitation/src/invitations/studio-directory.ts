import { Inject, Injectable } from '@nestjs/common';
import { RequestSubject, type StudioDetailsDto, type StudioDto } from '@studio/contracts';
import { PORTS, type ServicePorts } from '@studio/service-kit';

/** Studios as identity knows them. A failure (identity down) propagates: the caller retries or answers 503. */
@Injectable()
export class StudioDirectory {
  constructor(@Inject(PORTS) private readonly ports: ServicePorts) {}

  get(studioId: string): Promise<StudioDetailsDto> {
    return this.ports.requester.request<StudioDetailsDto>(RequestSubject.getStudio, { studioId });
  }
}

/** The studio as an email shows it: without its owner. */
export const publicStudio = (studio: StudioDto): StudioDto => ({
  id: studio.id,
  name: studio.name,
  slug: studio.slug,
});
