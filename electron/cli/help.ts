export const HELP = `berth — see and free listening ports, launch servers on ports Berth resolves

Usage:
  berth ports [PORT|A-B|TEXT]... [--json]   listening TCP ports by process; filter by port, range or name
  berth who <port> [--json]                 who listens on that port (exit 1 when nobody does)
  berth check <port> [--json]               exit 0 when free, 1 when busy (prints the holder)
  berth find [--from N] [--to M] [--exclude a,b,c] [--count K] [--json]
                                            the first K free ports in [N, M] (default 3000–65535, K=1)
  berth free <port>... [--timeout S] [--force] [--parent] [--allow-system] [--yes] [--dry-run] [--json]
                                            stop whoever listens there; exit 0 only if every port is free afterwards

  berth serve [--http-port N]               run a headless host in the foreground (others start one when needed)
  berth host [status|stop] [--json]        the data dir's background host: is it running, stop it
  berth open [profile|port] [--print]       open the dashboard (or that server) in the browser; prints the URL if none
  berth profile add <name> --cmd "<command>" [--cwd DIR] [--port N|NAME=N]... [--range A-B|NAME=A-B]...
                    [--pin] [--policy fallback|strict|free] [--env K=V]... [--env-file F] [--arg A]...
                    [--ready tcp|http:/path|log:REGEX] [--ready-timeout S] [--stop-timeout S]
                    [--restart never|on-failure] [--group G] [--after P]... [--url TEMPLATE] [--autostart]
  berth profile ls|show <name>|rm <name> [--stop]|edit <name> [same flags] [--unstick] [--json]
  berth import [DIR] [--yes] [--json]      propose profiles from package.json scripts, a Procfile and .env
  berth start <profile|group> [--port N|NAME=N]... [--new] [--no-wait] [--json]
  berth stop <profile|instance-id|group> [--json]
  berth restart <profile|group|instance-id> [--json]
  berth status [--all] [--watch] [--json]   (also: berth ls)
  berth dismiss <instance-id|profile>|--all  hide ended (crashed, failed, stopped) instances from status
  berth logs <profile|group|instance-id> [-n N] [-f]
  berth notices [dismiss <id>|--all] [--json]
  berth settings [get [KEY] | set KEY VALUE] [--json]

Every command has its own help: berth <command> --help, or berth help <command>.
Exit codes: 0 ok, 1 failed (busy, nothing free, not freed), 2 bad input, 130 interrupted (Ctrl-C).
Colour: on a terminal only; NO_COLOR=1 turns it off. Data dir: $BERTH_HOME, else the OS app-data dir.`;
