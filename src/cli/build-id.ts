// Which code this is: scripts/build.js defines __OH_ENV_BUILD__ as a hash of the sources and the lockfile it
// bundled. Running the sources (tsx) there is none, and whatever is keyed on it (the model cache) is skipped.
declare const __OH_ENV_BUILD__: string;

export const BUILD_ID: string | undefined = typeof __OH_ENV_BUILD__ === 'string' ? __OH_ENV_BUILD__ : undefined;
