import { PLACEHOLDER } from '@studio/contracts';
export const X = PLACEHOLDER;
