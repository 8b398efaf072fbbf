export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
