#!/bin/sh
# vigil-entry.sh KIND NAME: the entry point of every vigil service in compose.yaml.
#   KIND  node | sentinel        NAME  node-6379, sentinel-26379... (conf/NAME.conf)
#
# On the first start it writes a working copy of conf/NAME.conf into the service's data folder
# ($VIGIL_DATA/NAME, on the vigil-data volume) with the container settings in place of the
# original's lines for the same directives, then runs the node or the sentinel on that copy.
# Later starts (docker compose restart/start after a kill) reuse the copy, which the process has
# rewritten since (a sentinel's state, a node's replicaof after a failover): a restarted process
# resumes where it stopped, as it would on a real host. `docker compose down -v` starts afresh.
#
# Container settings (docs/running.md explains why they are these):
#   bind * / protected-mode no         Docker forwards the host's published ports to the
#                                      container's own interface, from a non-loopback address;
#                                      compose.yaml publishes on the host's 127.0.0.1 only
#   replica-announce-ip, sentinel announce-ip  $VIGIL_ANNOUNCE_IP (default 127.0.0.1): the address
#                                      every process shares (one network namespace) and that the
#                                      host reaches through the 1:1 published ports
#
# Environment: VIGIL_HOME (/vigil: the repository's conf/, docker/ and target/ folders, mounted
# read-only), VIGIL_DATA (/data), VIGIL_ANNOUNCE_IP, VIGIL_JAVA_OPTS (extra JVM flags),
# VIGIL_ENTRY_DRY_RUN=1 (print the command instead of running it; the tests use it).
set -eu
kind="$1"
name="$2"
home="${VIGIL_HOME:-/vigil}"
data="${VIGIL_DATA:-/data}/$name"
announce="${VIGIL_ANNOUNCE_IP:-127.0.0.1}"
case "$kind" in
    node) jar="$home/server/target/vigil-server.jar" ;;
    sentinel) jar="$home/sentinel/target/vigil-sentinel.jar" ;;
    *) echo "vigil-entry: unknown kind '$kind' (node or sentinel)" >&2; exit 2 ;;
esac
src="$home/conf/$name.conf"
[ -f "$src" ] || { echo "vigil-entry: no $src" >&2; exit 2; }
if [ ! -f "$jar" ] && [ -z "${VIGIL_ENTRY_DRY_RUN:-}" ]; then
    echo "vigil-entry: $jar is missing: build the jars on the host first (mvn -B -DskipTests package)" >&2
    exit 2
fi

mkdir -p "$data"
conf="$data/$name.conf"
if [ ! -f "$conf" ]; then
    {
        echo "# Working copy of conf/$name.conf, written by docker/vigil-entry.sh on the first start."
        # the directives set below, dropped here so that each appears once (a CONFIG REWRITE or a
        # sentinel's rewrite then has one line to update)
        grep -Ev '^(dir|bind|protected-mode|replica-announce-ip|sentinel announce-ip) ' "$src"
        echo ""
        echo "# Container settings (docker/vigil-entry.sh)"
        echo "dir \"$data\""
        echo "bind *"
        echo "protected-mode no"
        if [ "$kind" = node ]; then
            echo "replica-announce-ip $announce"
        else
            echo "sentinel announce-ip $announce"
        fi
    } > "$conf.tmp"
    mv "$conf.tmp" "$conf"
fi

cd "$data"
# The JVM flags of bin/vigil-server (see there why), plus VIGIL_JAVA_OPTS.
# shellcheck disable=SC2086
set -- java -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xss512k -XX:+ExitOnOutOfMemoryError \
    -Dvertx.disableFileCPResolving=true ${VIGIL_JAVA_OPTS:-} -jar "$jar" "$conf"
if [ -n "${VIGIL_ENTRY_DRY_RUN:-}" ]; then echo "$@"; exit 0; fi
exec "$@"
