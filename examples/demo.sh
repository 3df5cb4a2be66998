#!/usr/bin/env bash
# doks-auth working with kubectl, without a DigitalOcean account: stand-ins play the DigitalOcean API
# (WireMock with the mappings in examples/wiremock) and a cluster (loopback HTTPS that accepts only the
# token the API stand-in mints). Everything it makes goes in a temporary directory, removed at the end.
#
#   examples/demo.sh                        uses ~/.local/bin/doks-auth (./install.sh), else installs into
#                                           the temporary directory first
#   DOKS_AUTH=/path/to/doks-auth examples/demo.sh       uses that one
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
standins_pid=""
cleanup() {
    [ -z "$standins_pid" ] || kill "$standins_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

command -v kubectl >/dev/null 2>&1 || { echo "demo.sh: kubectl is needed (Debian: apt-get install kubernetes-client)" >&2; exit 1; }

doks_auth="${DOKS_AUTH:-}"
if [ -z "$doks_auth" ] && [ -x "$HOME/.local/bin/doks-auth" ]; then
    doks_auth="$HOME/.local/bin/doks-auth"
fi
if [ -z "$doks_auth" ]; then
    step "Installing doks-auth into $work/prefix"
    "$repo/install.sh" --prefix "$work/prefix" --quiet
    doks_auth="$work/prefix/bin/doks-auth"
fi
# An exec entry's relative command is taken relative to the kubeconfig's directory: make it absolute.
doks_auth="$(cd "$(dirname "$doks_auth")" && pwd)/$(basename "$doks_auth")"
[ -x "$doks_auth" ] || { echo "demo.sh: $doks_auth is not an installed doks-auth" >&2; exit 1; }
echo "Using $doks_auth"

step "Starting the stand-ins"
classpath="${DEMO_CLASSPATH:-}"
if [ -z "$classpath" ]; then
    (cd "$repo" && mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
    classpath="$repo/target/test-classes:$repo/target/classes:$(cat "$work/classpath.txt")"
fi
coproc STANDINS { exec java -cp "$classpath" dev.doksauth.testing.DemoStandIns "$work" "$repo/examples/wiremock" 2>"$work/stand-ins.log"; }
standins_pid=$STANDINS_PID
standins_out=${STANDINS[0]}
read -r -t 120 ready <&"$standins_out" || { echo "demo.sh: the stand-ins did not start:" >&2; cat "$work/stand-ins.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/stand-ins.env"
echo "DigitalOcean API: $API_URL   cluster: $CLUSTER_SERVER"

export KUBECONFIG="$work/kubeconfig"
export DOKS_AUTH_CACHE_DIR="$work/cache"
export DIGITALOCEAN_ACCESS_TOKEN="dop_v1_demo_token_not_a_real_one"
unset DIGITALOCEAN_CONTEXT DIGITALOCEAN_API_URL

step "doks-auth kubeconfig save demo: looks the cluster up by name, caches a credential, writes the entries"
"$doks_auth" kubeconfig save demo --api-url "$API_URL"
sed -n '/^users:/,$p' "$KUBECONFIG"

step "kubectl get pods: the credential save fetched is served from the cache (DOKS_AUTH_VERBOSE=1 shows it)"
DOKS_AUTH_VERBOSE=1 kubectl --cache-dir "$work/kube-cache" get pods

step "kubectl get pods again: still the cache, no API call"
DOKS_AUTH_VERBOSE=1 kubectl --cache-dir "$work/kube-cache" get pods

step "doks-auth cache list"
"$doks_auth" cache list

step "What the stand-ins saw"
exec {STANDINS[1]}>&-   # their stdin closes: they stop and report
cat <&"$standins_out"
wait "$standins_pid" || true
standins_pid=""
