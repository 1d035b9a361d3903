// The targets an environment runs on. Its own module so that commands can name them without loading the
// model's zod schema (the largest part of a warm start).
export const TARGETS = ['local', 'kind', 'gke'] as const;
export type Target = (typeof TARGETS)[number];
