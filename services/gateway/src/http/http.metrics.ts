import { Counter, Histogram, register } from 'prom-client';

/** Answered requests, by route template (never the path: paths carry tokens), method and status. */
export const httpRequests = new Counter({
  name: 'studio_http_requests_total',
  help: 'HTTP requests answered by the gateway, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [register],
});

export const httpRequestSeconds = new Histogram({
  name: 'studio_http_request_duration_seconds',
  help: 'Time to answer an HTTP request at the gateway, by method and route template',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [register],
});
