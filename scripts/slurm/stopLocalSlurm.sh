#!/usr/bin/env bash
# Stops what scripts/slurm/startLocalSlurm.sh started (slurmd, slurmctld, munged), by their pid files.
# Daemons that were already running before it (recorded nothing in /run/escape-local-slurm/) stay.
set -euo pipefail
RUN=/run/escape-local-slurm
[ "$(id -u)" = 0 ] || { echo "stopLocalSlurm: must run as root" >&2; exit 1; }

stop() { # name pidfile
  local pid
  [ -f "$2" ] || return 0
  pid=$(cat "$2")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "stopLocalSlurm: $1 ($pid) did not stop" >&2; return 1; }
  fi
  return 0
}

[ -e "$RUN/slurmd" ] && stop slurmd /run/slurmd.pid && rm -f "$RUN/slurmd"
[ -e "$RUN/slurmctld" ] && stop slurmctld /run/slurmctld.pid && rm -f "$RUN/slurmctld"
[ -e "$RUN/munged.pid" ] && stop munged "$RUN/munged.pid" && rm -f "$RUN/munged.pid"
echo stopped
