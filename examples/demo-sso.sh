#!/usr/bin/env bash
# doks-auth signing in to a cluster that requires single sign-on, without a DigitalOcean account or a real
# identity provider: stand-ins play an OpenID provider (mock-oauth2-server), the DigitalOcean API (WireMock
# with the mappings in examples/wiremock-sso: a cluster whose sso.required is true) and the cluster (loopback
# HTTPS that takes only ID tokens it verifies against the provider's keys). The "browser" is a script that
# follows the sign-in's redirects with curl, reached through BROWSER as your own browser would be.
#
#   examples/demo-sso.sh                    uses ~/.local/bin/doks-auth (./install.sh), else installs into
#                                           the temporary directory first
#   DOKS_AUTH=/path/to/doks-auth examples/demo-sso.sh   uses that one
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
# shellcheck source=examples/lib/common.sh
. "$repo/examples/lib/common.sh"
command -v curl >/dev/null 2>&1 || { echo "demo-sso.sh: curl is needed for the stand-in browser (Debian: apt-get install curl)" >&2; exit 1; }
find_doks_auth

step "Starting the stand-ins"
start_standins dev.doksauth.testing.DemoSsoStandIns "$repo/examples/wiremock-sso"
echo "DigitalOcean API: $API_URL   identity provider: $ISSUER   cluster: $CLUSTER_SERVER"

export KUBECONFIG="$work/kubeconfig"
export DOKS_AUTH_CACHE_DIR="$work/cache"
export BROWSER="$work/browser.sh %s"
unset DIGITALOCEAN_CONTEXT DIGITALOCEAN_API_URL DIGITALOCEAN_TOKEN

step "doks-auth kubeconfig save demo-sso: the cluster requires SSO, so the entry signs in (the DigitalOcean token is for this lookup only)"
DIGITALOCEAN_ACCESS_TOKEN="dop_v1_demo_token_not_a_real_one" \
    "$doks_auth" kubeconfig save demo-sso --api-url "$API_URL" --sso-local-server-port "$SSO_PORT"
sed -n '/^users:/,$p' "$KUBECONFIG"

step "kubectl get pods, with no DigitalOcean token anywhere: doks-auth signs in once through BROWSER"
kubectl --cache-dir "$work/kube-cache" get pods

step "kubectl get pods again: the verified ID token is served from the cache, no browser"
kubectl --cache-dir "$work/kube-cache" get pods

step "doks-auth sso whoami do-ams3-demo-sso: who the cluster sees"
"$doks_auth" sso whoami do-ams3-demo-sso

step "doks-auth sso logout do-ams3-demo-sso, then kubectl: a new sign-in"
"$doks_auth" sso logout do-ams3-demo-sso
kubectl --cache-dir "$work/kube-cache" get pods

step "What the stand-ins saw"
stop_standins
