import type { z } from 'zod';

/** One line per zod issue, naming the field: "ports.0.preferred: must be from 1 to 65535, got 0". */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const field = i.path.length > 0 ? i.path.join('.') : 'request';
      if (i.code === 'unrecognized_keys') return `${field}: unknown option(s) ${i.keys.join(', ')}`;
      return `${field}: ${i.message}`;
    })
    .join('; ');
}
