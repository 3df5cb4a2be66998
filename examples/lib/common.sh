# Shared by examples/demo.sh and examples/demo-sso.sh (sourced, not run): the doks-auth to use, the stand-ins'
# class path, starting and stopping them, and a step heading. Expects $repo and $work.

step() { printf '\n== %s\n' "$*"; }

command -v kubectl >/dev/null 2>&1 || { echo "demo: kubectl is needed (Debian: apt-get install kubernetes-client)" >&2; exit 1; }

# Says why each verbose line shows twice when kubectl is the Google Cloud SDK's: that kubectl is a dispatcher that
# runs the exec plugin to learn the server's version, then runs the version-matched kubectl, which runs it again.
explain_kubectl() {
    case "$(readlink -f "$(command -v kubectl)")" in
        */google-cloud-sdk/*)
            echo "(This kubectl is the Google Cloud SDK's dispatcher: it runs doks-auth to ask the server's version,"
            echo " then the version-matched kubectl, which runs doks-auth again. So each verbose line below shows twice.)" ;;
    esac
}

# DOKS_AUTH, else ~/.local/bin/doks-auth (./install.sh), else an install into the temporary directory.
find_doks_auth() {
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
    [ -x "$doks_auth" ] || { echo "demo: $doks_auth is not an installed doks-auth" >&2; exit 1; }
    echo "Using $doks_auth"
}

# start_standins CLASS MAPPINGS_DIR: runs the stand-ins (from the test class path) until stop_standins, and
# reads the addresses they write into $work/stand-ins.env. Their stdin is a FIFO held open by this shell.
standins_pid=""
start_standins() {
    local classpath="${DEMO_CLASSPATH:-}"
    if [ -z "$classpath" ]; then
        (cd "$repo" && mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
        classpath="$repo/target/test-classes:$repo/target/classes:$(cat "$work/classpath.txt")"
    fi
    mkfifo "$work/stand-ins.in"
    java -cp "$classpath" "$1" "$work" "$2" <"$work/stand-ins.in" >"$work/stand-ins.out" 2>"$work/stand-ins.log" &
    standins_pid=$!
    exec {standins_in}>"$work/stand-ins.in"
    local waited=0
    until grep -q '^ready$' "$work/stand-ins.out" 2>/dev/null; do
        if ! kill -0 "$standins_pid" 2>/dev/null || [ "$waited" -ge 240 ]; then
            echo "demo: the stand-ins did not start:" >&2
            cat "$work/stand-ins.log" >&2
            exit 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    # shellcheck disable=SC1091
    . "$work/stand-ins.env"
}

# Closes the stand-ins' stdin: they stop and say what they saw.
stop_standins() {
    exec {standins_in}>&-
    wait "$standins_pid" || true
    standins_pid=""
    grep -v '^ready$' "$work/stand-ins.out" || true
}

cleanup() {
    [ -z "$standins_pid" ] || kill "$standins_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
