#!/usr/bin/env bash
# Make sure PostgreSQL and RabbitMQ answer on 127.0.0.1 (or the hosts in
# LEDGERLINE_POSTGRES_URL / LEDGERLINE_AMQP_URI). Starts local servers that are
# installed but stopped; as root on Debian/Ubuntu installs missing ones; where a
# Docker engine runs, starts the two from docker-compose.yml. Fails loudly.
set -uo pipefail

PG_HOST="${LEDGERLINE_PG_HOST:-127.0.0.1}"; PG_PORT="${LEDGERLINE_PG_PORT:-5432}"
MQ_HOST="${LEDGERLINE_MQ_HOST:-127.0.0.1}"; MQ_PORT="${LEDGERLINE_MQ_PORT:-5672}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_for() {  # host port seconds
  for _ in $(seq 1 "$3"); do listening "$1" "$2" && return 0; sleep 1; done
  return 1
}
is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null; }
docker_engine() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

start_postgres() {
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
        || su postgres -c "pg_ctlcluster $version main start" 2>/dev/null || true
    done
  elif command -v service >/dev/null; then
    service postgresql start >/dev/null 2>&1 || true
  fi
}

trust_local_postgres() {
  # A fresh Debian cluster asks for passwords over TCP; Ledgerline's local
  # default is the passwordless postgres user on 127.0.0.1 (as on CI machines).
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    grep -q "ledgerline-local-trust" "$hba" && continue
    sed -i '1i host all all 127.0.0.1/32 trust  # ledgerline-local-trust\nhost all all ::1/128 trust  # ledgerline-local-trust' "$hba"
  done
}

start_rabbitmq() {
  if command -v rabbitmq-server >/dev/null; then
    rabbitmq-server -detached >/dev/null 2>&1 || service rabbitmq-server start >/dev/null 2>&1 || true
  fi
}

ensure() {  # name host port start-function package
  local name=$1 host=$2 port=$3 start=$4 package=$5
  listening "$host" "$port" && return 0
  say "$name is not answering on $host:$port; starting it"
  $start
  wait_for "$host" "$port" 60 && return 0
  if can_apt && ! dpkg -s "$package" >/dev/null 2>&1; then
    say "installing $package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null; }
    [ "$package" = postgresql ] && trust_local_postgres
    $start
    wait_for "$host" "$port" 90 && return 0
  fi
  if docker_engine; then
    say "starting $name with docker compose"
    docker compose up -d "${package%-server}" >/dev/null && wait_for "$host" "$port" 90 && return 0
  fi
  printf 'error: %s is not reachable on %s:%s and could not be started\n' "$name" "$host" "$port" >&2
  return 1
}

ensure PostgreSQL "$PG_HOST" "$PG_PORT" start_postgres postgresql || exit 1
ensure RabbitMQ "$MQ_HOST" "$MQ_PORT" start_rabbitmq rabbitmq-server || exit 1
# RabbitMQ accepts TCP a moment before it serves AMQP.
for _ in $(seq 1 30); do
  if command -v rabbitmq-diagnostics >/dev/null; then
    rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && break
  else
    break
  fi
  sleep 1
done
exit 0
