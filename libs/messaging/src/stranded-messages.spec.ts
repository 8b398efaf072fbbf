import { StrandedSightings, strandedBound } from './stranded-messages';

const position = (ackPending: number, delivered: number, ackFloor: number) => ({
  num_ack_pending: ackPending,
  delivered: { stream_seq: delivered },
  ack_floor: { stream_seq: ackFloor },
});

describe('strandedBound', () => {
  it('with messages in flight, only what lies at or below the ack floor can be stranded', () => {
    expect(strandedBound(position(3, 120, 100))).toBe(100);
  });

  it('with nothing in flight, everything delivered can be (the floor a new leader left behind)', () => {
    expect(strandedBound(position(0, 1201, 960))).toBe(1201);
  });
});

describe('StrandedSightings', () => {
  it('confirms a suspect only once it was seen on three sweeps in a row', () => {
    const sightings = new StrandedSightings();
    expect(sightings.confirm([5, 6])).toEqual([]);
    expect(sightings.confirm([5, 6, 7])).toEqual([]);
    // 5 was removed meanwhile (an ack's removal still on its way), 7 is newer.
    expect(sightings.confirm([6, 7])).toEqual([6]);
    expect(sightings.confirm([7])).toEqual([7]);
  });

  it('forgets a suspect missing from one sweep', () => {
    const sightings = new StrandedSightings();
    sightings.confirm([4]);
    sightings.confirm([4]);
    sightings.confirm([]);
    expect(sightings.confirm([4])).toEqual([]);
  });

  it('does not hand out a message again while its recovery runs, and does once it ended without removing it', () => {
    const sightings = new StrandedSightings();
    sightings.confirm([9]);
    sightings.confirm([9]);
    expect(sightings.confirm([9])).toEqual([9]);
    expect(sightings.confirm([9])).toEqual([]);
    sightings.settled(9);
    expect(sightings.confirm([9])).toEqual([9]);
  });
});
