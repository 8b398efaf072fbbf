export * from './studio-api';
export * from './types';
export { ApiError, isApiError } from './api-error';
