#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the Slurm test (tests/unit/recipes/slurm.real.test.ts)
# and for trying `escape-studio reproduce NAME --slurm` by hand. Debian packages: slurm-wlm, munge.
# Idempotent: a second call finds the daemons running (same config) and only waits for the node.
# Run as root. Writes /etc/slurm/slurm.conf (only when absent or written by this script), state under
# /var/spool/slurm{ctld,d}, logs under /var/log/slurm, and records what it started in
# /run/escape-local-slurm/ so scripts/slurm/stopLocalSlurm.sh stops exactly those daemons.
# Prints `started` (it started slurmctld/slurmd) or `running` (they were up already) on the last line.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARK='# escape-studio local single-node cluster (scripts/slurm/startLocalSlurm.sh)'
RUN=/run/escape-local-slurm
WAIT_S=${SLURM_START_WAIT_S:-60}

die() { echo "startLocalSlurm: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (it starts munged, slurmctld and slurmd), running as uid $(id -u)"
for tool in munged munge unmunge slurmctld slurmd sinfo scontrol; do
  command -v "$tool" >/dev/null || die "'$tool' not found: install the Debian packages slurm-wlm and munge (apt-get install -y slurm-wlm munge)"
done
mkdir -p "$RUN"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# --- munge: key, daemon --------------------------------------------------------------------------
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
  else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
fi
chown munge:munge /etc/munge /etc/munge/munge.key && chmod 0700 /etc/munge && chmod 0400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || die "munged did not start (see /var/log/munge/munged.log)"
  cp /run/munge/munged.pid "$RUN/munged.pid" 2>/dev/null || true
fi

# --- slurm.conf for this host --------------------------------------------------------------------
NODE=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.95 }' /proc/meminfo)
WANT=$(cat <<CONF
$MARK
ClusterName=escape-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmdParameters=config_overrides
SlurmdTimeout=300
InactiveLimit=0
KillWait=10
MinJobAge=300
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
)
if [ -f "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
  die "$CONF exists and was not written by this script: refusing to replace a real cluster's configuration"
fi
changed=0
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$WANT" ]; then
  mkdir -p /etc/slurm
  printf '%s\n' "$WANT" > "$CONF.tmp" && mv "$CONF.tmp" "$CONF"
  changed=1
fi
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm

# --- daemons ---------------------------------------------------------------------------------------
state=running
if [ "$changed" = 1 ]; then
  # a new configuration: restart what runs (only daemons this script started are running with our pid files)
  for d in slurmd slurmctld; do
    if alive "/run/$d.pid"; then kill "$(cat "/run/$d.pid")"; for _ in $(seq 100); do alive "/run/$d.pid" || break; sleep 0.1; done; fi
  done
fi
if ! alive /run/slurmctld.pid; then
  /usr/sbin/slurmctld
  state=started
  touch "$RUN/slurmctld"
fi
if ! alive /run/slurmd.pid; then
  /usr/sbin/slurmd
  state=started
  touch "$RUN/slurmd"
fi

# --- wait until the node is idle -------------------------------------------------------------------
deadline=$(( $(date +%s) + WAIT_S ))
node_state=""
while :; do
  node_state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null | head -n1 || true)
  case "$node_state" in
    idle|mixed|allocated|completing) break ;;
    down*|drain*|drained*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || die "node $NODE is '${node_state:-not listed}' after ${WAIT_S} s (see /var/log/slurm/slurmctld.log and slurmd.log)"
  sleep 0.5
done
echo "local Slurm: node $NODE ($CPUS CPUs, ${MEM_MB} MB) $node_state" >&2
echo "$state"
