/** A small HTTP client for the tests: JSON in, status, headers and JSON out. */
export interface Answer<B = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: B;
}

export interface CallOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly raw?: string;
}

/** Calls go to the base URLs in turn: with several gateway replicas, consecutive calls land on different ones. */
export class Api {
  private turn = 0;

  constructor(private readonly baseUrls: readonly [string, ...string[]]) {}

  get baseUrl(): string {
    return this.baseUrls[0];
  }

  get<B = Record<string, unknown>>(path: string, options: CallOptions = {}) {
    return this.call<B>('GET', path, undefined, options);
  }
  post<B = Record<string, unknown>>(path: string, body?: unknown, options: CallOptions = {}) {
    return this.call<B>('POST', path, body, options);
  }
  patch<B = Record<string, unknown>>(path: string, body?: unknown, options: CallOptions = {}) {
    return this.call<B>('PATCH', path, body, options);
  }
  delete<B = Record<string, unknown>>(path: string, options: CallOptions = {}) {
    return this.call<B>('DELETE', path, undefined, options);
  }

  async call<B>(method: string, path: string, body: unknown, options: CallOptions): Promise<Answer<B>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const base = this.baseUrls[this.turn++ % this.baseUrls.length] ?? this.baseUrl;
    const response = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as B };
  }
}
