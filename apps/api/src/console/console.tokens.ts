/** Injection token: the directory of the built console, or undefined when it has not been built. */
export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
