#!/usr/bin/env bash
# A sandbox to try every doks-auth command without a DigitalOcean account: starts every stand-in (the
# DigitalOcean API with three clusters: 'demo' with a token, 'demo-cert' with a client certificate, 'demo-sso'
# that requires single sign-on; the OpenID provider; the clusters themselves on loopback HTTPS), prints the
# lines to paste into another shell, then serves until Ctrl-C or until its stdin closes. Everything it makes
# (the kubeconfig and cache those lines name included) is in a temporary directory, removed at the end: your
# own kubeconfig, doctl config and cache are not touched.
#
#   examples/sandbox.sh                     uses ~/.local/bin/doks-auth (./install.sh), else installs into
#                                           the temporary directory first
#   DOKS_AUTH=/path/to/doks-auth examples/sandbox.sh    uses that one
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
# shellcheck source=examples/lib/common.sh
. "$repo/examples/lib/common.sh"
command -v curl >/dev/null 2>&1 || { echo "sandbox.sh: curl is needed for the stand-in browser (Debian: apt-get install curl)" >&2; exit 1; }
# stdout is for the lines to paste: the rest goes to stderr.
find_doks_auth >&2
start_standins dev.doksauth.testing.SandboxStandIns "$repo/examples"

# The API speaks plain http on loopback and the clusters' CAs go into the kubeconfig: no CA bundle is needed.
cat <<LINES
export DIGITALOCEAN_API_URL='$API_URL'
export DIGITALOCEAN_ACCESS_TOKEN='dop_v1_sandbox_token_not_a_real_one'
export KUBECONFIG='$work/kubeconfig'
export DOKS_AUTH_CACHE_DIR='$work/cache'
export DOKS_AUTH_BROWSER='$work/browser.sh %s'
export PATH='$(dirname "$doks_auth")':"\$PATH"
unset DIGITALOCEAN_CONTEXT DIGITALOCEAN_TOKEN

# Paste the lines above into another shell, then try:
#   doks-auth clusters
#   doks-auth kubeconfig save --all --sso-local-server-port $SSO_PORT
#   kubectl --context do-fra1-demo get pods
#   kubectl --context do-ams3-demo-sso get pods      (signs in through the stand-in browser)
#   doks-auth cache list
# Clusters: demo (token), demo-cert (client certificate), demo-sso (single sign-on, provider $ISSUER).
# Serving until Ctrl-C or until this script's stdin closes (Ctrl-D).
LINES

cat >/dev/null || true
step "What the stand-ins saw"
stop_standins
