#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Run one command inside a throw-away one-node Slurm cluster on this machine (for tests).
#
# usage: scripts/slurm-local.sh [--keep] DIR -- COMMAND [ARGS...]
#
# Starts a private munged, slurmctld and slurmd (Debian 12 slurm-wlm 22.05), all with their
# files in DIR (created if missing), waits until `sinfo` shows the node idle, runs COMMAND with
# SLURM_CONF=DIR/slurm.conf exported (PATH and the rest of the environment unchanged), stops
# every daemon it started (also on failure, SIGINT, SIGTERM, SIGHUP) and exits with COMMAND's
# exit code (128+N after signal N; 1 when the cluster could not be set up; 2 for bad usage).
#
# DIR afterwards: the caller's own files (e.g. sbatch --output=DIR/...) are never touched. The
# files this script made (slurm.conf, munge/, munged.log, slurmctld.{log,out}, slurmd.{log,out},
# slurmctld.state/, slurmd.spool/) are removed after a run whose COMMAND exited 0; after any
# failure slurm.conf and the logs stay for a look; with --keep everything stays. A new run in
# the same DIR starts from fresh state and logs. Runs as root (SlurmUser=root).
#
# Environment: SLURM_LOCAL_TIMEOUT  seconds to wait for the node to come up (default 60).
# Details, pitfalls and how to use a real cluster instead: docs/slurm.md.
# shellcheck disable=SC2317  # cleanup and on_signal run from traps
set -u -o pipefail

# Started in the background by a shell without job control, bash ignores SIGINT and a script
# cannot trap a signal ignored on entry: start again with SIGINT back to default, so that
# SIGINT stops the cluster in every case.
sigign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
if [ -z "${SLURM_LOCAL_REEXEC-}" ] && [ -n "$sigign" ] && (( 0x$sigign & 2 )); then
  SLURM_LOCAL_REEXEC=1 exec env --default-signal=INT "$BASH" "$0" "$@"
fi
unset SLURM_LOCAL_REEXEC

readonly prog=slurm-local
readonly hint='run scripts/install-deps.sh'

usage() {
  echo "usage: $0 [--keep] DIR -- COMMAND [ARGS...]" >&2
  exit 2
}

keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1; shift ;;
    -h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) usage ;;
    -*) echo "$prog: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
if [ $# -lt 3 ] || [ "$2" != "--" ]; then usage; fi
dir_arg=$1
shift 2

# ---- state used by the cleanup (set as things start) -----------------------------------------
DIR=''
CONF=''
munged_pid=''
ctl_pid=''
slurmd_pid=''
cmd_pid=''
cleaned=0
locked=0      # 1 once this run holds the lock on DIR (before that, cleanup touches nothing)
ok=0          # 1 once COMMAND ran and exited 0
made_files=0  # 1 once this run began to write its files in DIR
cluster_up=0  # 1 once sinfo showed the node idle

say() { echo "$prog: $*" >&2; }
die() { say "$*"; exit 1; }  # the EXIT trap stops whatever was started
now_ms() { local t=${EPOCHREALTIME/./}; echo $((10#$t / 1000)); }
secs_since() { local d=$(($(now_ms) - $1)); printf '%d.%d' $((d / 1000)) $((d % 1000 / 100)); }

# A process that exists and is not a zombie.
alive() {
  local st
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
  read -r st < "/proc/$1/stat" 2>/dev/null || return 1
  st=${st##*) }
  [ "${st%% *}" != Z ]
}
# TERM, wait up to 10 s, then KILL; reaps it when it is our child.
stop_pid() {
  local name=$1 pid=$2 i
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      say "$name (pid $pid) still running 10 s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
  fi
  wait "$pid" 2>/dev/null
  return 0
}
# Pids of the processes still using this cluster, plus all their descendants: those whose
# environment holds SLURM_CONF=DIR/slurm.conf (COMMAND's leftovers, and slurmd sets it for each
# slurmstepd, whose job processes are its descendants). This shell, its ancestors and the
# daemons are left out.
cluster_procs() {
  local roots p st f
  roots=$(grep -lzxF -- "SLURM_CONF=$CONF" /proc/[0-9]*/environ 2>/dev/null |
          sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p')
  [ -n "$roots" ] || return 0
  local -A parent=() in=() skip=()
  for f in /proc/[0-9]*/stat; do
    read -r st < "$f" 2>/dev/null || continue
    p=${f#/proc/}
    st=${st##*) }  # after "PID (COMM) ": STATE PPID ...
    st=${st#* }
    parent[${p%/stat}]=${st%% *}
  done
  for p in $munged_pid $ctl_pid $slurmd_pid; do skip[$p]=1; done
  p=$BASHPID  # this (sub)shell, the script and whoever started it
  while [ -n "$p" ] && [ "$p" != 0 ] && [ -z "${skip[$p]-}" ]; do
    skip[$p]=1
    p=${parent[$p]-}
  done
  for p in $roots; do
    [ -z "${skip[$p]-}" ] && in[$p]=1
  done
  local changed=1
  while [ $changed -eq 1 ]; do
    changed=0
    for p in "${!parent[@]}"; do
      if [ -z "${in[$p]-}" ] && [ -z "${skip[$p]-}" ] && [ -n "${in[${parent[$p]}]-}" ]; then
        in[$p]=1
        changed=1
      fi
    done
  done
  echo "${!in[@]}"
}
# Kills (SIGKILL) the processes still using this cluster, saying which.
kill_cluster_procs() {
  local pids p names=''
  pids=$(cluster_procs)
  [ -n "$pids" ] || return 0
  for p in $pids; do
    names+=" $p:$(tr -d '\n' < "/proc/$p/comm" 2>/dev/null)"
  done
  say "$1:$names"
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
}
# Does process $1's command line mention DIR (guards against a reused pid)?
mentions_dir() {
  [ -r "/proc/$1/cmdline" ] || return 1
  case "$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null)" in *"$DIR/"*) return 0 ;; esac
  return 1
}
# The last lines of the daemon's log (or of its stdout/stderr if the log says nothing).
log_tail() {
  local f
  for f in "$@"; do
    if [ -s "$f" ]; then
      echo "---- last lines of $f ----" >&2
      tail -n 15 "$f" >&2
      return 0
    fi
  done
  echo "---- (no log written: ${*}) ----" >&2
}

cleanup() {
  [ "$cleaned" -eq 1 ] && return 0
  cleaned=1
  [ "$locked" -eq 1 ] || return 0
  trap '' INT TERM HUP
  unset SLURM_CONF  # our own helpers must not look like processes using the cluster
  local t0 i
  t0=$(now_ms)
  if [ -n "$cmd_pid" ] && alive "$cmd_pid"; then
    kill -TERM "$cmd_pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do alive "$cmd_pid" || break; sleep 0.1; done
    alive "$cmd_pid" && kill -KILL "$cmd_pid" 2>/dev/null
    wait "$cmd_pid" 2>/dev/null
  fi
  # Cancel whatever is still queued or running, so slurmd's job steps end the normal way.
  if [ "$cluster_up" -eq 1 ] && alive "$ctl_pid" && alive "$slurmd_pid"; then
    if [ -n "$(SLURM_CONF=$CONF timeout --foreground 10 squeue -h -o %i 2>/dev/null)" ]; then
      SLURM_CONF=$CONF timeout --foreground 10 scancel --partition=debug >/dev/null 2>&1
      for ((i = 0; i < 150; i++)); do
        [ -z "$(SLURM_CONF=$CONF timeout --foreground 10 squeue -h -o %i 2>/dev/null)" ] && break
        sleep 0.1
      done
    fi
  fi
  stop_pid slurmd "$slurmd_pid"
  # Job steps (slurmstepd) that outlived slurmd, their processes, COMMAND's leftovers.
  kill_cluster_procs "killing processes left using the cluster"
  stop_pid slurmctld "$ctl_pid"
  stop_pid munged "$munged_pid"
  if [ "$made_files" -eq 1 ] && [ "$keep" -eq 0 ]; then
    if [ "$ok" -eq 1 ]; then
      rm -rf -- "$DIR/munge" "$DIR/slurmctld.state" "$DIR/slurmd.spool" "$DIR/slurm.conf" \
        "$DIR"/munged.log "$DIR"/slurmctld.{log,out,pid} "$DIR"/slurmd.{log,out,pid}
    else
      rm -rf -- "$DIR/munge/munge.key" "$DIR/slurmctld.state" "$DIR/slurmd.spool"
      say "logs kept in $DIR (*.log; *.out: the daemons' stdout/stderr)"
    fi
  fi
  [ "$made_files" -eq 1 ] && say "stopped in $(secs_since "$t0") s"
  return 0
}

on_signal() {
  local sig=$1 n=$2 i
  trap '' INT TERM HUP
  say "got SIG$sig; stopping"
  if [ -n "$cmd_pid" ] && alive "$cmd_pid"; then
    kill "-$sig" "$cmd_pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do alive "$cmd_pid" || break; sleep 0.1; done
  fi
  cleanup
  exit $((128 + n))
}
trap cleanup EXIT
trap 'on_signal INT 2' INT
trap 'on_signal TERM 15' TERM
trap 'on_signal HUP 1' HUP

# ---- checks ------------------------------------------------------------------------------------
declare -A bin=()
for b in munged slurmctld slurmd sinfo squeue scancel python3; do
  p=$(PATH="$PATH:/usr/sbin:/sbin" type -P "$b")
  if [ -z "$p" ] || ! [ -x "$p" ]; then die "$b not found; $hint"; fi
  bin[$b]=$p
done
[ "$(id -u)" -eq 0 ] || die "must run as root (the cluster runs with SlurmUser=root)"

case "$dir_arg" in
  '') usage ;;
  *[[:space:],\#\"\'\\=]*) die "DIR must not contain blanks, ',', '#', '=', quotes or '\\' (it goes into slurm.conf): $dir_arg" ;;
esac
if [ -e "$dir_arg" ] && ! [ -d "$dir_arg" ]; then die "DIR $dir_arg is not a directory"; fi
mkdir -p -- "$dir_arg" 2>/dev/null || die "cannot create DIR $dir_arg"
DIR=$(cd -- "$dir_arg" && pwd -P) || die "cannot enter DIR $dir_arg"
probe="$DIR/.slurm-local-probe.$$"
{ : > "$probe"; } 2>/dev/null || die "DIR $DIR is not writable"
rm -f -- "$probe"
CONF=$DIR/slurm.conf
host=$(hostname -s 2>/dev/null || hostname) || die "cannot tell this machine's host name"
[ -n "$host" ] || die "empty host name"
# Unix socket paths hold at most 107 bytes: DIR/munge/munge.socket, and slurmd's per-step
# sockets DIR/slurmd.spool/HOST_JOBID.STEPID (ids up to 10 digits each).
step_sock=$((14 + ${#host} + 22))
[ $((${#DIR} + (step_sock > 19 ? step_sock : 19))) -le 107 ] ||
  die "DIR path too long for unix sockets (${#DIR} chars, at most $((107 - (step_sock > 19 ? step_sock : 19)))): $DIR"

# One run per DIR at a time: hold a lock on DIR itself while we live (the daemons do not inherit it).
exec 9<"$DIR"
flock -n 9 || die "DIR $DIR is in use by another slurm-local run"
locked=1

# Daemons left by an earlier run in DIR that was killed with SIGKILL: stop them first.
for pf in slurmd.pid slurmctld.pid munge/munged.pid; do
  [ -r "$DIR/$pf" ] || continue
  read -r old < "$DIR/$pf" 2>/dev/null || continue
  case "$old" in ''|*[!0-9]*) continue ;; esac
  if alive "$old" && mentions_dir "$old"; then
    name=${pf##*/}
    say "stopping leftover ${name%.pid} (pid $old) of an earlier run in $DIR"
    stop_pid "${name%.pid}" "$old"
  fi
done
kill_cluster_procs "killing processes left by an earlier run in $DIR"

command -v -- "$1" > /dev/null || { say "COMMAND not found: $1"; exit 127; }

# ---- fresh files -------------------------------------------------------------------------------
t_start=$(now_ms)
made_files=1
rm -rf -- "$DIR/slurmctld.state" "$DIR/slurmd.spool" "$DIR/munge/munge.socket" \
  "$DIR/munge/munge.socket.lock" "$DIR"/{slurmctld,slurmd}.pid "$DIR/munge/munged.pid" ||
  die "cannot clear old state in $DIR"
mkdir -m 0700 "$DIR/slurmctld.state" "$DIR/slurmd.spool" || die "cannot create state dirs in $DIR"
# munged insists: key readable by its owner only, key dir not writable by others; the socket
# dir must be searchable by all so that non-root clients can reach the socket.
{ mkdir -p "$DIR/munge" && chmod 0711 "$DIR/munge"; } || die "cannot create $DIR/munge"
if [ ! -s "$DIR/munge/munge.key" ]; then
  (umask 0277 && head -c 1024 /dev/urandom > "$DIR/munge/munge.key") ||
    die "cannot write the munge key $DIR/munge/munge.key"
fi
chmod 0400 "$DIR/munge/munge.key"
for f in munged.log slurmctld.log slurmctld.out slurmd.log slurmd.out; do
  : > "$DIR/$f" || die "cannot write $DIR/$f"
done

# Two free TCP ports (a random pair below the kernel's ephemeral range, checked by binding them).
ports=$("${bin[python3]}" - <<'EOF'
import random, socket
def free(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("", p)); return True
    except OSError:
        return False
    finally:
        s.close()
start = random.randrange(20000, 32000, 2)
for i in range(0, 12000, 2):
    p = 20000 + (start - 20000 + i) % 12000
    if free(p) and free(p + 1):
        print(p, p + 1); break
EOF
) || die "cannot look for free ports (python3 failed)"
read -r ctl_port slurmd_port <<< "$ports"
[ -n "${slurmd_port:-}" ] || die "no two free TCP ports found in 20000-31999"

cpus=$(nproc)
mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
real_mem=$(( ${mem_kb:-0} * 9 / 10 / 1024 ))  # MB; 90 % so slurmd never finds less than this
[ "$real_mem" -ge 1 ] || real_mem=1

cat > "$CONF" <<EOF || die "cannot write $CONF"
# Generated by scripts/slurm-local.sh for one throw-away test run; not for a real cluster.
ClusterName=slurmlocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
KillWait=5
MailProg=/bin/true
StateSaveLocation=$DIR/slurmctld.state
SlurmdSpoolDir=$DIR/slurmd.spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$real_mem State=UNKNOWN
PartitionName=debug Default=YES Nodes=ALL MaxTime=INFINITE State=UP
EOF

# ---- start -------------------------------------------------------------------------------------
# munged in the foreground logs to stderr only, hence the redirection to its --log-file.
# Each daemon runs in the foreground of its own session (setsid: a terminal's Ctrl-C reaches
# only this script, which then stops them in order) as this shell's child, so it is reaped.
# They start in DIR, so a core dump lands there too.
(cd "$DIR" && exec setsid "${bin[munged]}" -F --force \
  --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munged.log" \
  --seed-file="$DIR/munge/munged.seed") >> "$DIR/munged.log" 2>&1 < /dev/null 9<&- &
munged_pid=$!
for ((i = 0; i < 100; i++)); do
  [ -S "$DIR/munge/munge.socket" ] && break
  alive "$munged_pid" || break
  sleep 0.1
done
if ! [ -S "$DIR/munge/munge.socket" ] || ! alive "$munged_pid"; then
  say "munged failed to start (no socket $DIR/munge/munge.socket)"
  log_tail "$DIR/munged.log"
  exit 1
fi

(cd "$DIR" && exec setsid "${bin[slurmctld]}" -D -c -f "$CONF") \
  > "$DIR/slurmctld.out" 2>&1 < /dev/null 9<&- &
ctl_pid=$!
(cd "$DIR" && exec setsid "${bin[slurmd]}" -D -f "$CONF") \
  > "$DIR/slurmd.out" 2>&1 < /dev/null 9<&- &
slurmd_pid=$!

timeout_s=${SLURM_LOCAL_TIMEOUT:-60}
case "$timeout_s" in ''|*[!0-9]*) die "SLURM_LOCAL_TIMEOUT must be whole seconds: $timeout_s" ;; esac
deadline=$(( $(now_ms) + timeout_s * 1000 ))
state=''
ctl_answers=0
while :; do
  if ! alive "$ctl_pid"; then
    wait "$ctl_pid"; rc=$?
    say "slurmctld failed to start (exited with status $rc)"
    log_tail "$DIR/slurmctld.log" "$DIR/slurmctld.out"
    exit 1
  fi
  if ! alive "$slurmd_pid"; then
    wait "$slurmd_pid"; rc=$?
    say "slurmd failed to start (exited with status $rc)"
    log_tail "$DIR/slurmd.log" "$DIR/slurmd.out"
    exit 1
  fi
  if state=$(SLURM_CONF=$CONF timeout --foreground 10 "${bin[sinfo]}" -h -n "$host" -o '%T' 2>/dev/null); then
    ctl_answers=1
    [ "$state" = idle ] && break
  fi
  if [ "$(now_ms)" -ge "$deadline" ]; then
    if [ "$ctl_answers" -eq 0 ]; then
      say "slurmctld did not answer within ${timeout_s} s (port $ctl_port)"
      log_tail "$DIR/slurmctld.log" "$DIR/slurmctld.out"
    else
      reason=$(SLURM_CONF=$CONF timeout --foreground 10 "${bin[sinfo]}" -h -n "$host" -o '%E' 2>/dev/null)
      say "slurmd did not bring node $host up within ${timeout_s} s (state '${state:-none}'${reason:+, reason: $reason})"
      log_tail "$DIR/slurmd.log" "$DIR/slurmd.out"
    fi
    exit 1
  fi
  sleep 0.2
done
cluster_up=1
say "up in $(secs_since "$t_start") s: SLURM_CONF=$CONF (node $host, $cpus CPUs, ports $ctl_port/$slurmd_port)"

# ---- run COMMAND -------------------------------------------------------------------------------
# In the background, so that a signal to this script is handled at once; with the script's own
# stdin, and SIGINT/SIGQUIT back to default (bash would ignore them in a background job).
export SLURM_CONF=$CONF
{ exec 3<&0; } 2>/dev/null || exec 3</dev/null  # (a caller may have closed stdin)
(trap - INT QUIT; exec "$@") <&3 3<&- 9<&- &
cmd_pid=$!
exec 3<&-
wait "$cmd_pid"
rc=$?
cmd_pid=''
[ "$rc" -eq 0 ] && ok=1
exit "$rc"
