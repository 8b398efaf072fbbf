import { pageStatement, statementLength } from './sql-client-page';

const page = (limit: number) => pageStatement({ studioId: 'studio-a', sort: 'lastName', limit });

describe('the client list page statement', () => {
  it('carries its length in its text, so its generic plan is costed for a page and not a tenth of the studio', () => {
    const { statement, params } = page(26);
    expect(statement.text).toMatch(/LIMIT 26\b/);
    expect(statement.text).not.toMatch(/LIMIT \$/);
    expect(params).not.toContain(26);
  });

  it('is made for a few lengths only, each page asking for the next one up', () => {
    expect([1, 26, 27, 51, 52, 101].map(statementLength)).toEqual([26, 26, 51, 51, 101, 101]);
    expect(page(2).statement.name).toBe(page(26).statement.name);
    expect(page(27).statement.name).not.toBe(page(26).statement.name);
  });

  it('refuses a length that is not a whole number of rows from 1', () => {
    expect(() => page(2.5)).toThrow(RangeError);
    expect(() => page(0)).toThrow(RangeError);
  });
});
