#!/usr/bin/env bash
# Run a private Virtuoso Open Source 7 on 127.0.0.1 for a policykg store.
#
#   scripts/virtuoso/virtuoso.sh start  DIR           create (first time) and start; waits until the endpoint answers
#   scripts/virtuoso/virtuoso.sh load   DIR DUMP.nq   bulk-load a store dump (policykg dump / Store.dump) and group its graphs
#   scripts/virtuoso/virtuoso.sh status DIR
#   scripts/virtuoso/virtuoso.sh stop   DIR
#   scripts/virtuoso/virtuoso.sh isql   DIR           an interactive SQL shell on it
#
# Environment: VIRTUOSO_SQL_PORT (default 11111), VIRTUOSO_HTTP_PORT (18890),
# VIRTUOSO_MEM_GB (2; buffer memory), VIRTUOSO_PASSWORD (the dba password; the
# fresh database has "dba": the server listens on 127.0.0.1 only).
#
# Needs the Debian/Ubuntu package: apt-get install virtuoso-opensource
# (virtuoso-t and isql-vt). The SPARQL endpoint is http://127.0.0.1:$HTTP_PORT/sparql;
# every policykg graph is a member of the graph group
# https://w3id.org/policykg/graph/all, which is the endpoint's default graph, so
# queries see the union of the policy graphs and not Virtuoso's system graphs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SQL_PORT="${VIRTUOSO_SQL_PORT:-11111}"
HTTP_PORT="${VIRTUOSO_HTTP_PORT:-18890}"
MEM_GB="${VIRTUOSO_MEM_GB:-2}"
PASSWORD="${VIRTUOSO_PASSWORD:-dba}"
GROUP="https://w3id.org/policykg/graph/all"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
need() { command -v "$1" >/dev/null || { echo "error: $1 not found; install it with: apt-get install virtuoso-opensource" >&2; exit 2; }; }
sql() { isql-vt "127.0.0.1:$SQL_PORT" dba "$PASSWORD" "$@"; }
endpoint_up() { curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$HTTP_PORT/sparql?query=ASK%7B%7D" 2>/dev/null; }
pid_of() { sed -n 's/^VIRT_PID=//p' "$1/virtuoso.lck" 2>/dev/null || true; }

[ $# -ge 2 ] || usage
command="$1"; dir="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2

case "$command" in
start)
    need virtuoso-t
    if endpoint_up; then echo "already running: http://127.0.0.1:$HTTP_PORT/sparql"; exit 0; fi
    mkdir -p "$dir/load" "$dir/vsp"
    buffers=$((MEM_GB * 85000)); dirty=$((buffers * 3 / 4))
    sed -e "s|@DIR@|$dir|g" -e "s|@SQL_PORT@|$SQL_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
        -e "s|@LOAD_DIR@|$dir/load|g" -e "s|@BUFFERS@|$buffers|g" -e "s|@DIRTY@|$dirty|g" \
        "$HERE/virtuoso.ini.in" > "$dir/virtuoso.ini"
    (cd "$dir" && virtuoso-t +configfile "$dir/virtuoso.ini" +wait)
    for _ in $(seq 1 60); do
        if endpoint_up; then echo "Virtuoso is up: SPARQL http://127.0.0.1:$HTTP_PORT/sparql, SQL 127.0.0.1:$SQL_PORT (log $dir/virtuoso.log)"; exit 0; fi
        sleep 1
    done
    echo "error: Virtuoso did not answer within 60 s; see $dir/virtuoso.log" >&2; tail -n 20 "$dir/virtuoso.log" >&2 || true; exit 1
    ;;
load)
    need isql-vt
    [ $# -ge 1 ] || usage
    for dump in "$@"; do
        case "$dump" in *.nq|*.nq.gz|*.trig|*.ttl|*.nt) ;; *) echo "error: $dump: give N-Quads (.nq) from 'policykg dump'" >&2; exit 2;; esac
        cp -f "$dump" "$dir/load/"
    done
    # ld_dir registers the files, rdf_loader_run loads them (quads keep their graphs), checkpoint makes it durable.
    sql <<SQL
DELETE FROM DB.DBA.load_list WHERE ll_state = 2;
ld_dir('$dir/load', '*', '$GROUP/loaded');
rdf_loader_run();
checkpoint;
SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;
DB.DBA.RDF_GRAPH_GROUP_CREATE('$GROUP', 1);
CREATE PROCEDURE DB.DBA.POLICYKG_GROUP_GRAPHS () {
  FOR (SELECT DISTINCT __id2i(G) AS g FROM DB.DBA.RDF_QUAD) DO {
    IF (g LIKE 'https://w3id.org/policykg/%' AND g <> '$GROUP')
      DB.DBA.RDF_GRAPH_GROUP_INS('$GROUP', g);
  }
};
DB.DBA.POLICYKG_GROUP_GRAPHS();
checkpoint;
SELECT COUNT(*) AS graphs_in_group FROM DB.DBA.RDF_GRAPH_GROUP_MEMBER WHERE RGGM_GROUP_IID = iri_to_id('$GROUP');
SQL
    rm -f "$dir"/load/*
    ;;
status)
    if endpoint_up; then echo "running (pid $(pid_of "$dir")): http://127.0.0.1:$HTTP_PORT/sparql"; else echo "not running"; exit 1; fi
    ;;
stop)
    pid="$(pid_of "$dir")"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then echo "not running"; exit 0; fi
    # -K: checkpoint and shut down. A query still running (a client that gave up on it) makes both
    # -K and SIGTERM wait for it, so each step has a time limit and the last one is SIGKILL: the
    # database was checkpointed after every load, and its transaction log replays on the next start.
    timeout 30 isql-vt "127.0.0.1:$SQL_PORT" dba "$PASSWORD" -K >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { echo "stopped"; exit 0; }; sleep 1; done
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 15); do kill -0 "$pid" 2>/dev/null || { echo "stopped"; exit 0; }; sleep 1; done
    echo "Virtuoso (pid $pid) ignored the shutdown requests; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 10); do kill -0 "$pid" 2>/dev/null || { echo "stopped (killed)"; exit 0; }; sleep 1; done
    echo "error: Virtuoso (pid $pid) did not stop" >&2; exit 1
    ;;
isql)
    need isql-vt; sql "$@"
    ;;
*) usage ;;
esac
