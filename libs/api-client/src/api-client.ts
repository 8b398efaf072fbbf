import {
  API,
  type Api,
  type Operation,
  type OperationId,
  type RequestOf,
  type ResponseOf,
} from '@studio/contracts';
import { ApiProblem } from './api-problem';

/** How a client reaches the API and who it is. */
export interface ApiClientOptions {
  /** `https://portal.example` or `''` (the same origin, in a browser). */
  readonly baseUrl: string;
  /** A session token, sent as `Authorization: Bearer` (mobile apps, tests). */
  readonly token?: string;
  /**
   * The browser's session cookie instead of a token: sends credentials and `X-Requested-With: studio`, which
   * the gateway wants on every state-changing request made with a cookie.
   */
  readonly cookies?: boolean;
  /** Headers for every request (e.g. a correlation id). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A fetch of one's own (tests, instrumentation); the platform's by default. */
  readonly fetch?: typeof fetch;
}

/** Options of one call. */
export interface CallOptions {
  /** `Idempotency-Key`, on the operations that honour it. */
  readonly idempotencyKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** What an operation answered: the typed body, the status and the headers (Set-Cookie, ETag, Retry-After). */
export interface ApiAnswer<O extends Operation> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ResponseOf<O>;
}

type Args<O extends Operation> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "has no required part"
  {} extends RequestOf<O>
    ? [request?: RequestOf<O>, options?: CallOptions]
    : [request: RequestOf<O>, options?: CallOptions];

/** One method per operation of the route table, named by its operationId; a refusal throws `ApiProblem`. */
export type ApiMethods = {
  readonly [K in OperationId]: (...args: Args<Api[K]>) => Promise<ResponseOf<Api[K]>>;
};

export interface ApiClient extends ApiMethods {
  /** The same call, answering the status and headers too. */
  answer<K extends OperationId>(operationId: K, ...args: Args<Api[K]>): Promise<ApiAnswer<Api[K]>>;
  /** This client with another session token. */
  withToken(token: string): ApiClient;
  readonly options: ApiClientOptions;
}

/** A request as it travels, whatever the operation (the typed methods above check it per operation). */
interface AnyRequest {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/**
 * A typed client of the HTTP API, built from the route table in `@studio/contracts`: fetch only, so it runs
 * in browsers, React Native and Node alike.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const answer = async <K extends OperationId>(
    operationId: K,
    request: AnyRequest | undefined,
    call: CallOptions = {},
  ): Promise<ApiAnswer<Api[K]>> => {
    const operation: Operation = API[operationId];
    const response = await (options.fetch ?? fetch)(urlOf(options.baseUrl, operation, request), {
      method: operation.method,
      headers: headersOf(options, operation, request, call),
      ...(request?.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(options.cookies === true ? { credentials: 'include' as const } : {}),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
    const body = await bodyOf(response, operation);
    return { status: response.status, headers: response.headers, body: body as ResponseOf<Api[K]> };
  };
  const methods = Object.fromEntries(
    (Object.keys(API) as OperationId[]).map((operationId) => [
      operationId,
      async (request?: AnyRequest, call?: CallOptions) => (await answer(operationId, request, call)).body,
    ]),
  ) as unknown as ApiMethods;
  return {
    ...methods,
    answer: (operationId, ...[request, call]) => answer(operationId, request as AnyRequest | undefined, call),
    withToken: (token) => createApiClient({ ...options, token }),
    options,
  };
}

function urlOf(baseUrl: string, operation: Operation, request: AnyRequest | undefined): string {
  const params = request?.params ?? {};
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(text(params[name] ?? '')),
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request?.query ?? {})) {
    if (value !== undefined && value !== null) query.set(key, text(value));
  }
  const search = query.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${search === '' ? '' : `?${search}`}`;
}

function headersOf(
  options: ApiClientOptions,
  operation: Operation,
  request: AnyRequest | undefined,
  call: CallOptions,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.cookies === true && operation.method !== 'GET') headers['x-requested-with'] = 'studio';
  if (request?.body !== undefined) headers['content-type'] = 'application/json';
  for (const [name, value] of Object.entries(request?.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = text(value);
  }
  if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
  return { ...headers, ...call.headers };
}

/** A parameter's text: numbers and booleans as written, anything else as JSON. */
const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? `${value}`
      : JSON.stringify(value);

async function bodyOf(response: Response, operation: Operation): Promise<unknown> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw ApiProblem.from(response.status, parsed, response.headers.get('retry-after'));
  }
  if (operation.success.mediaType !== undefined) return text;
  if (text === '' || !/json/i.test(type)) return undefined;
  return JSON.parse(text) as unknown;
}
