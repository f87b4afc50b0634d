type Env = Record<string, string | undefined>;
export declare const DEFAULT_HEAP_MB: number;
export declare function heapArgs(env?: Env): string[];
export declare function gcArgs(env?: Env): string[];
export declare function serverNodeArgs(env?: Env): string[];
