import { pageStatement } from './sql-client-page';

describe('the client list page statement', () => {
  it('carries the page length in its text, so its generic plan is costed for the page and not a tenth of the studio', () => {
    const { statement, params } = pageStatement({ studioId: 'studio-a', sort: 'lastName', limit: 25 });
    expect(statement.text).toMatch(/LIMIT 25\b/);
    expect(statement.text).not.toMatch(/LIMIT \$/);
    expect(params).not.toContain(25);
    expect(pageStatement({ studioId: 'studio-a', sort: 'lastName', limit: 50 }).statement.name).not.toBe(
      statement.name,
    );
  });

  it('refuses a length that is not a whole number of rows', () => {
    expect(() => pageStatement({ studioId: 'studio-a', sort: 'lastName', limit: 2.5 })).toThrow(RangeError);
    expect(() => pageStatement({ studioId: 'studio-a', sort: 'lastName', limit: 0 })).toThrow(RangeError);
  });
});
