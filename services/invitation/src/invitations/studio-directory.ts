import { type Requester } from '@studio/messaging';
import { REQUESTER } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { RequestSubject, type StudioDetailsDto, type StudioDto } from '@studio/contracts';

/** Studios as identity knows them. A failure (identity down) propagates: the caller retries or answers 503. */
@Injectable()
export class StudioDirectory {
  constructor(@Inject(REQUESTER) private readonly requester: Requester) {}

  get(studioId: string): Promise<StudioDetailsDto> {
    return this.requester.request<StudioDetailsDto>(RequestSubject.getStudio, { studioId });
  }
}

/** The studio as an email shows it: without its owner. */
export const publicStudio = (studio: StudioDto): StudioDto => ({
  id: studio.id,
  name: studio.name,
  slug: studio.slug,
});
