/** Injection tokens of the platform module. */
export const PLATFORM_CONFIG = Symbol('netral:platform-config');
/** The process's pino logger (`Logger` from pino). */
export const PLATFORM_LOGGER = Symbol('netral:platform-logger');
