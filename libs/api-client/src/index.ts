export {
  createApiClient,
  type ApiAnswer,
  type ApiClient,
  type ApiClientOptions,
  type ApiMethods,
  type CallOptions,
} from './api-client';
export { ApiProblem } from './api-problem';
