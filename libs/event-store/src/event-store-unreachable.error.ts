/** The store's server did not answer at start: a setting or an outage the operator fixes, told in one line. */
export class EventStoreUnreachableError extends Error {
  constructor(server: string, endpoint: string, reason: string) {
    super(
      `cannot reach ${server} at ${endpoint} (${reason}); check EVENT_STORE_URL and that the server is up`,
    );
  }
}
