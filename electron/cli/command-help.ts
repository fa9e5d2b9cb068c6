/** `berth <command> --help` and `berth help <command>`: a usage line and the options of that command. */
const JSON_LINE = '  --json               print the result as JSON (fields in the README)';

const PROFILE_OPTIONS = `  --cmd "<command>"    the command to run, exactly as typed in a shell (required for add)
  --cwd DIR            folder to run it in (default: the current folder)
  --port N|NAME=N      preferred port of PORT, or of NAME (API_PORT=8000); repeat for several (PORT is
                       made only when no --port names a variable)
  --range A-B|NAME=A-B ports to fall back to when the preferred one is busy (unnamed: the variable
                       --port sets)
  --pin                never replace the preferred port by a remembered fallback
  --unstick            forget the remembered fallback ports (edit)
  --policy P           when the port is busy: fallback (default), strict (fail), free (stop the holder
                       as berth free does; never system services or other users' processes)
  --env K=V            an environment variable; repeat for several. Values may name ports: {PORT},
                       or another profile's: API_URL=http://localhost:{api.API_PORT}
  --env-file F         a .env file, relative to the current folder (alias: --envfile, see the note)
  --arg A              an argument appended to the command, e.g. --arg --port --arg {PORT}
  --ready R            readiness: tcp (default), http:/path, or log:REGEX
  --ready-timeout S    seconds to wait for readiness (default 30)
  --stop-timeout S     seconds between SIGTERM and SIGKILL on stop (default 10)
  --restart R          never (default) or on-failure
  --group G            start and stop it together with other profiles of group G
  --after P            start profile P first and wait until it is ready; repeat or P1,P2; '' clears
  --url TEMPLATE       the URL to show, e.g. http://localhost:{PORT}/app
  --autostart          start it when the host starts`;

const ENV_FILE_NOTE = `Note: Node 20 itself reads '--env-file X' anywhere on its command line and stops with "node: X:
not found" when X does not exist from the current folder (nodejs/node#54232); '--envfile X' is
never read by Node.`;

const TEXT: Readonly<Record<string, string>> = {
  ports: `Usage: berth ports [PORT|A-B|TEXT]... [--json]

Every listening TCP port, grouped by process. Filters keep listeners that match any of them:
a port (5173), a range (3000-3999), or text matched against the process name, command line and user.
Exit 1 when a filter matches nothing.

Options:
${JSON_LINE}:
                       an array of listeners

Examples:
  berth ports 3000-3999
  berth ports vite --json`,
  who: `Usage: berth who <port> [--json]

Who listens on the port: process, PID, user, command. Exit 1 when nobody does.

Options:
${JSON_LINE}`,
  check: `Usage: berth check <port> [--json]

Exit 0 when the port is free (nothing listens and it binds on every local address), 1 when busy.

Options:
${JSON_LINE}`,
  find: `Usage: berth find [--from N] [--to M] [--exclude a,b,c] [--count K] [--json]

The first K free ports in [N, M].

Options:
  --from N             first port to try (default 3000)
  --to M               last port to try (default 65535)
  --exclude a,b,c      ports never to hand out
  --count K            how many ports (default 1, at most 1000)
${JSON_LINE}`,
  free: `Usage: berth free <port>... [--timeout S] [--force] [--parent] [--yes] [--dry-run] [--json]

Stops whoever listens on the ports (one confirmation for all of them). Berth's own servers are
stopped through their host; system services are refused. Exit 0 only if every port is free afterwards.

Options:
  --timeout S          seconds to wait after SIGTERM before SIGKILL (default 10)
  --force              SIGKILL at once
  --parent             also stop the holder's parent (a watcher such as nodemon that respawns it)
  --allow-system       allow stopping a system service or container proxy
  --yes, -y            do not ask (required when not on a terminal)
  --dry-run            only show what would be stopped
${JSON_LINE}:
                       an object for one port, an array for several

Examples:
  berth free 3000
  berth free 3000 5173 --yes`,
  serve: `Usage: berth serve [--http-port N]

Runs a headless host in the foreground until Ctrl-C. Other commands start one in the background
when none runs.

Options:
  --http-port N        port of the dashboard on 127.0.0.1 (default: any free port)`,
  host: `Usage: berth host [status|stop] [--json]

status (the default) says whether a Berth host runs for the data dir, with its PID and dashboard URL.
stop ends it the way Ctrl-C ends \`berth serve\`: its servers keep running for the next host (or stop,
when the onQuit setting is "stop").

Options:
${JSON_LINE}`,
  open: `Usage: berth open [profile|instance-id|port] [--print] [--json]

Opens the dashboard, or that server's URL, in the default browser; prints the URL where no browser
can be opened.

Options:
  --print              only print the URL
${JSON_LINE}`,
  profile: `Usage:
  berth profile add <name> --cmd "<command>" [options]
  berth profile edit <name> [options]
  berth profile ls [--json]
  berth profile show <name> [--json]
  berth profile rm <name> [--stop] [--yes] [--json]

A running profile is removed only with its instances stopped: rm asks on a terminal, else needs --stop.

Options of add and edit:
${PROFILE_OPTIONS}
${JSON_LINE}

${ENV_FILE_NOTE}

Examples:
  berth profile add web --cmd "npm run dev" --port 5173 --range 5173-5199
  berth profile add api --cmd "npm start" --port API_PORT=8000 --env-file .env --policy strict
  berth profile add vite --cmd "npx vite" --arg --port --arg {PORT} --port 5173 --port VITE_HMR_PORT=24678
  berth profile add web --cmd "npm run dev" --after api --env API_URL=http://localhost:{api.API_PORT}`,
  import: `Usage: berth import [DIR] [--yes] [--json]

Proposes profiles from package.json scripts and a Procfile in DIR (default: here), then creates
them after a confirmation. Never overwrites a profile. Only PORT and the framework's own port option
become port variables; other *_PORT values in .env (REDIS_PORT) stay plain env values.

Options:
  --yes, -y            create without asking (required when not on a terminal)
${JSON_LINE}`,
  start: `Usage: berth start <profile|group> [--port N|NAME=N]... [--new] [--no-wait] [--json]

Starts the profile (or every profile of the group) and waits until it is ready; the profiles it
starts after (--after, {api.PORT} references) are started first and must be ready. A profile
that runs is shown with its URL (exit 0). Ctrl-C stops waiting; the server keeps starting.

Options:
  --port N|NAME=N      exactly this port for this start (the first variable, or NAME); when it
                       is busy the start fails naming the holder
  --new                start another instance even if one runs
  --no-wait            return once launched, without waiting for readiness
${JSON_LINE}`,
  stop: `Usage: berth stop <profile|instance-id|group> [--json]

Stops the instances: SIGTERM, then SIGKILL after the profile's stop timeout.

Options:
${JSON_LINE}`,
  restart: `Usage: berth restart <profile|group|instance-id> [--json]

Restarts every instance of the profile on the ports it had; a stopped profile or group is started.

Options:
${JSON_LINE}`,
  status: `Usage: berth status [--all] [--watch] [--json]     (alias: berth ls)

Running instances, and every crashed or failed one until it is started again or dismissed:
status, PID, ports, uptime, restarts, exit code, URL, then messages and warnings.

Options:
  --all                every instance Berth remembers (the last 50 that ended, and the running)
  --watch, -w          redraw on every change until Ctrl-C
${JSON_LINE}`,
  logs: `Usage: berth logs <profile|group|instance-id> [-n N] [-f]

With several instances (a group, a profile started with --new) each line starts with [instance-id].

Options:
  -n N                 how many of the last lines of each instance (default 50; 0: none, with -f only new ones)
  --follow, -f         keep printing new lines until the instance ends or Ctrl-C`,
  dismiss: `Usage: berth dismiss <instance-id|profile> | --all [--json]

Hides instances that ended (crashed, failed or stopped) from berth status (status --all still lists them).

Options:
  --all                every ended instance
${JSON_LINE}`,
  notices: `Usage: berth notices [--json]
       berth notices dismiss <id> | --all

What Berth wants you to know (a file kept aside, a server that gave up), until dismissed.

Options:
  --all                with dismiss: every notice
${JSON_LINE}`,
  settings: `Usage: berth settings [get [KEY]] [--json]
       berth settings set KEY VALUE

Keys: watched-ports (3000,8000 or none), notifications (on|off), poll-active, poll-idle (seconds),
on-quit (leave|stop), stop-timeout (seconds).

Options:
${JSON_LINE}`,
};

export function commandHelp(name: string): string | undefined {
  if (name === 'ls') return TEXT.status;
  return TEXT[name];
}
