import { type Requester } from '@studio/messaging';
import { REQUESTER } from '@studio/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RequestSubject, type StudioDetailsDto, type StudioDto } from '@studio/contracts';

/**
 * Studios as identity knows them, kept a minute: every invitation's email names its studio, and asking identity
 * for each one was a bus round trip and a query per email for what does not change (a studio's name and slug
 * are set when it is created). A failure (identity down) propagates: the caller retries or answers 503.
 */
@Injectable()
export class StudioDirectory {
  private readonly known = new LRUCache<string, StudioDetailsDto>({
    max: 10_000,
    ttl: 60_000,
    fetchMethod: (studioId) =>
      this.requester.request<StudioDetailsDto>(RequestSubject.getStudio, { studioId }),
  });

  constructor(@Inject(REQUESTER) private readonly requester: Requester) {}

  /** Concurrent asks for one studio share one request. */
  get(studioId: string): Promise<StudioDetailsDto> {
    return this.known.forceFetch(studioId);
  }
}

/** The studio as an email shows it: without its owner. */
export const publicStudio = (studio: StudioDto): StudioDto => ({
  id: studio.id,
  name: studio.name,
  slug: studio.slug,
});
