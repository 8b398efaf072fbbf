/** Types of build.cjs, for TypeScript that compiles before it starts services (benches). */
export declare function build(options?: { clean?: boolean }): Promise<number>;
export declare const OUT: string;
export declare const ROOT: string;
