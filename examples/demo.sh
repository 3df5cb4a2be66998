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
# shellcheck source=examples/lib/common.sh
. "$repo/examples/lib/common.sh"
find_doks_auth

step "Starting the stand-ins"
start_standins dev.doksauth.testing.DemoStandIns "$repo/examples/wiremock"
echo "DigitalOcean API: $API_URL   cluster: $CLUSTER_SERVER"

export KUBECONFIG="$work/kubeconfig"
export DOKS_AUTH_CACHE_DIR="$work/cache"
export DIGITALOCEAN_ACCESS_TOKEN="dop_v1_demo_token_not_a_real_one"
unset DIGITALOCEAN_CONTEXT DIGITALOCEAN_API_URL

step "doks-auth kubeconfig save demo: looks the cluster up by name, caches a credential, writes the entries"
"$doks_auth" kubeconfig save demo --api-url "$API_URL"
sed -n '/^users:/,$p' "$KUBECONFIG"

step "kubectl get pods: the credential save fetched is served from the cache (DOKS_AUTH_VERBOSE=1 shows it)"
explain_kubectl
DOKS_AUTH_VERBOSE=1 kubectl --cache-dir "$work/kube-cache" get pods

step "kubectl get pods again: still the cache, no API call"
DOKS_AUTH_VERBOSE=1 kubectl --cache-dir "$work/kube-cache" get pods

step "doks-auth cache list"
"$doks_auth" cache list

step "What the stand-ins saw"
stop_standins
