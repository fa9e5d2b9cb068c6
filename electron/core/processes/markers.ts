/**
 * The variables Berth sets in every server it launches (DESIGN.md: servers carry their instance id),
 * so a later host, or `berth free`, can tell Berth's servers from the user's own processes.
 */
export const INSTANCE_ENV = 'BERTH_INSTANCE_ID';
export const PROFILE_ENV = 'BERTH_PROFILE';
