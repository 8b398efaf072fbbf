import { toStreamState } from './kurrent-event-store';

describe('KurrentDB expected versions', () => {
  it("map the port's expectations to the client's stream states", () => {
    expect(toStreamState('no-stream')).toBe('no_stream');
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });
});
