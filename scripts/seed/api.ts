/** Where the seed sends its requests, and as whom. */

export type Role = 'officer' | 'supervisor' | 'ppk' | 'admin';

export const API_URL = (process.env.API_URL || `http://localhost:${process.env.PORT || 3000}`).replace(
  /\/$/,
  '',
);

/** fetch, with a message that says what to do when the API cannot be reached. */
export async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `Cannot reach the Netral API at ${API_URL} (${cause?.code ?? cause?.message ?? String(error)}).\n` +
        'Start it with `npm start` (in another terminal) and wait for "Netral is ready", or point the seed at ' +
        'it: PORT=<port> npm run seed, or API_URL=http://host:port npm run seed.',
      { cause: error },
    );
  }
}
