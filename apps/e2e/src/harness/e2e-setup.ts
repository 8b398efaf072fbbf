import { stopEverything } from './system';

// Starting a whole system (six processes, or PGlite's first start) can take tens of seconds on a cold machine.
jest.setTimeout(180_000);

// Whatever a failed or timed-out test left running is stopped, so no process outlives its test file.
afterAll(() => stopEverything());
