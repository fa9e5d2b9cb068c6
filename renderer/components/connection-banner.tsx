import type { ConnectionStatus } from '../api.js';

/** Said only when something is wrong; the page keeps the last snapshot meanwhile. */
export function ConnectionBanner({ status }: Readonly<{ status: ConnectionStatus }>) {
  if (status === 'connected' || status === 'connecting') return null;
  return (
    <p class={`connection ${status}`} role="alert">
      {status === 'unauthorized'
        ? 'The Berth host did not accept this page. ' +
          'Open the dashboard link that `berth open` prints (it carries this run’s secret).'
        : 'Disconnected from the Berth host, retrying…'}
    </p>
  );
}
