#!/usr/bin/env bash
# The start-up benchmark: how long `doks-auth credential` takes as a whole process, next to the JVM's
# own floor on the same runtime and flags. It builds nothing: it measures an installed launcher.
#
#   bench/run.sh [--launcher PATH] [--runs N] [--jdk17 DIR] [--cold-only] [--before PATH]
#
# --launcher  the doks-auth to measure (default: target/it-install/bin/doks-auth, else doks-auth on PATH)
# --runs      runs per case, at least 30 (default 40)
# --jdk17     also install with this JDK 17 and compare its start-up with and without its AppCDS archive
# --cold-only only the first table (the cold paths over HTTPS beside their floors)
# --before    another installed doks-auth (an earlier version) whose cold credential, clusters and kubeconfig
#             show run in the same blocks, with a cache directory of their own: the first table's rows
#             then say what the same command cost before
#
# The API stand-in speaks TLS, as the real API does, with a CA of its own named by SSL_CERT_FILE.
# Prints two Markdown tables. The first, the cold paths, in alternating blocks of 10 runs:
#   hello world     the JVM floor: a hello world on the launcher's runtime and the first JVM's flags, with its own archive
#   one HTTPS GET   the one-request floor: a JVM that trusts one CA and makes one GET through
#                   HttpsURLConnection (bench/OneGet.java), with its own archive
#   --version, a cold credential (with no cache directory, and with one that lacks the entry), clusters,
#   kubeconfig show, a single sign-on refresh (against the training's OpenID provider, training.TrainingApi
#   from the measured install), and the cache hit; the commands of a few milliseconds in blocks of their own
# The second: median, min and max wall time, and peak RSS, for
#   the JVM floor   a hello world on the launcher's runtime and the first JVM's flags, with its own AOT/CDS archive
#   boot floor      the same hello world loaded from the boot class path, as the first JVM loads ours
#                   (no application class loader): hit / boot floor is what our own code and the
#                   launcher script cost
#   cache hit       a fresh credential from the cache (what kubectl runs on almost every command)
#   cold            an empty cache: one API call to a local stand-in, then the cache write
#   32 at once      32 processes started together on an empty cache: wall time, and API calls (must be 1)
# and, end to end, `kubectl get pods` through the entry `kubeconfig save` writes, beside the same kubectl
# with a static-token kubeconfig (the floor), for the Google Cloud SDK dispatcher (`kubectl`, which runs
# the plugin twice) and a versioned kubectl; the cluster and API stand-ins are examples/demo.sh's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
launcher=""
runs=40
jdk17=""
cold_only=0
before=""
while [ $# -gt 0 ]; do
    case "$1" in
        --launcher) launcher="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --jdk17) jdk17="$2"; shift 2 ;;
        --cold-only) cold_only=1; shift ;;
        --before) before="$2"; shift 2 ;;
        *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
fail() { echo "bench/run.sh: $*" >&2; exit 1; }
[ "$runs" -ge 30 ] || fail "--runs must be at least 30"
if [ -z "$launcher" ]; then
    if [ -x "$repo/target/it-install/bin/doks-auth" ]; then
        launcher="$repo/target/it-install/bin/doks-auth"
    else
        launcher="$(command -v doks-auth || true)"
    fi
fi
[ -n "$launcher" ] && [ -x "$launcher" ] || fail "no doks-auth to measure: run ./install.sh (or mvn verify) first"
[ -z "$before" ] || [ -x "$before" ] || fail "--before names $before, which is not an installed doks-auth"
command -v hyperfine >/dev/null || fail "hyperfine is needed (Debian: apt-get install hyperfine)"
command -v javac >/dev/null || fail "a JDK (javac) is needed to build the floor's hello world"
[ -x /usr/bin/time ] || fail "GNU time is needed for peak RSS (Debian: apt-get install time)"

work="$(mktemp -d)"
api_pid=""
standins_pid=""
cleanup() {
    exec 5>&- # the OpenID provider's stdin: it ends
    [ -z "$api_pid" ] || kill "$api_pid" 2>/dev/null || true
    [ -z "$standins_pid" ] || kill "$standins_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# The API stand-in, a single-file program run by the JDK on PATH, behind TLS with a certificate of its own.
jdk_bin="$(dirname "$(readlink -f "$(command -v javac)")")"
"$jdk_bin/keytool" -genkeypair -alias api -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 \
    -ext san=ip:127.0.0.1,dns:localhost -validity 2 -keystore "$work/api.p12" -storetype PKCS12 \
    -storepass changeit -keypass changeit >/dev/null 2>&1 || fail "keytool cannot make the stand-in's certificate"
"$jdk_bin/keytool" -exportcert -rfc -alias api -keystore "$work/api.p12" -storepass changeit \
    -file "$work/ca.pem" >/dev/null 2>&1 || fail "keytool cannot export the stand-in's certificate"
export SSL_CERT_FILE="$work/ca.pem"
coproc API { exec java "$here/ApiStandIn.java" "$work" "$work/api.p12" changeit; }
api_pid=$API_PID
read -r -t 60 _ <&"${API[0]}" || fail "the API stand-in did not start"
api="$(cat "$work/api-url")"
control_port="$(cat "$work/control-port")"
api_get() { # GET a path of the stand-in's plain-http control port with bash's /dev/tcp: prints the body
    exec {fd}<>"/dev/tcp/127.0.0.1/$control_port"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&"$fd"
    tail -n 1 <&"$fd"
    exec {fd}>&-
}

# The floor: hello world on the launcher's runtime, flags and kind of archive.
# $3 "boot": Hello on the boot class path, as the launcher's first JVM loads our classes (which spares
# it the application class loader); the floor proper is a hello world as usually run, on the class path.
floor_command() { # $1: java binary; $2: its options; $3: "class" or "boot"; $4: the program (default Hello), then its arguments
    local java="$1" flags="$2" kind="$3" major program="${4:-Hello}" dir path
    dir="$work/floor-$kind-$program-$(basename "$(dirname "$(dirname "$1")")")"
    shift 4 2>/dev/null || shift $#
    major="$(java_major "$java")"
    mkdir -p "$dir/classes"
    javac --release 17 -d "$dir/classes" "$here/$program.java"
    (cd "$dir/classes" && "$jdk_bin/jar" cf ../floor.jar ./*.class)
    path="-cp $dir/floor.jar"
    [ "$kind" = boot ] && path="-Xbootclasspath/a:$dir/floor.jar $path"
    if [ "$major" -ge 25 ]; then
        "$java" $flags -Xlog:disable -XX:AOTCacheOutput="$dir/floor.aot" $path "$program" "$@" >/dev/null 2>&1
        echo "$java $flags -XX:AOTCache=$dir/floor.aot $path $program $*"
    else
        "$java" $flags -Xlog:disable -XX:ArchiveClassesAtExit="$dir/floor.jsa" $path "$program" "$@" >/dev/null 2>&1
        echo "$java $flags -XX:SharedArchiveFile=$dir/floor.jsa $path $program $*"
    fi
}
runtime_java="$(sed -n "s/^java='\([^']*\)'$/\1/p" "$launcher" | head -n 1)"
[ -x "$runtime_java" ] || fail "cannot read the runtime out of $launcher"
# The floors run with the options of every doks-auth JVM, as the launcher names them; the hello worlds, the
# floors of --version and the hit, with the first JVM's own too (interpreter only).
flags="$(sed -n "s/^jvm_options='\([^']*\)'$/\1/p" "$launcher" | head -n 1)"
[ -n "$flags" ] || fail "cannot read the JVM options out of $launcher"
first_flags="$flags $(sed -n "s/^first_jvm_options='\([^']*\)'$/\1/p" "$launcher" | head -n 1)"
floor="$(floor_command "$runtime_java" "$first_flags" class)"

# The OpenID provider: the training's (training.TrainingApi in the measured install's jar serves one), behind the
# API stand-in's certificate. It writes its URL, then its issuer's, and serves until its stdin (descriptor 5) closes.
launcher_classpath="$(sed -n "s/^classpath='\([^']*\)'$/\1/p" "$launcher" | head -n 1)"
exec 5> >(exec "$runtime_java" -cp "$launcher_classpath" dev.doksauth.training.TrainingApi "$work/api.p12" changeit \
    "$work/ca.pem" >"$work/provider-urls" 2>"$work/provider.err")
for _ in $(seq 600); do [ "$(wc -l <"$work/provider-urls")" -ge 2 ] && break; sleep 0.1; done
sso_issuer="$(sed -n 2p "$work/provider-urls")"
[ -n "$sso_issuer" ] || fail "the OpenID provider did not start: $(cat "$work/provider.err")"
boot_floor="$(floor_command "$runtime_java" "$first_flags" boot)"

cluster=8d91899c-0739-4a1a-acc5-deadbeefbbb8
export DOKS_AUTH_CACHE_DIR="$work/cache"
export DIGITALOCEAN_ACCESS_TOKEN=dop_v1_benchmark_token
export KUBERNETES_EXEC_INFO='{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}'
unset DIGITALOCEAN_CONTEXT DIGITALOCEAN_API_URL DOKS_AUTH_VERBOSE
credential="$launcher credential $cluster --api-url $api"
sso_credential="$launcher credential $cluster --sso-issuer-url $sso_issuer --sso-client-id bench"

# hyperfine's exported run times of command $2 (0-based) in file $1, one per line, in seconds.
times_of() {
    tr -d ' \n' <"$1" | sed 's/"times":\[/\n/g' | sed -n "$(($2 + 2))p" | sed 's/\].*//' | tr ',' '\n'
}
stats() { # seconds on stdin -> "median min max" in ms
    sort -g | awk '{ v[NR] = $1 } END { printf "%.1f %.1f %.1f\n", v[int((NR + 1) / 2)] * 1000, v[1] * 1000, v[NR] * 1000 }'
}
measure() { # $1: name; rest: hyperfine options (-N: no shell) and command. Prints "median min max" in ms.
    local name="$1"
    shift
    hyperfine --style none --export-json "$work/$name.json" "$@" >/dev/null 2>"$work/$name.err" \
        || fail "hyperfine failed on $name: $(cat "$work/$name.err")"
    times_of "$work/$name.json" 0 | stats
}
# Commands measured in alternating blocks of 10 runs, so that a change in the machine's load between
# blocks touches them alike; prints "median min max" of each, one line each.
measure_pair() { # $1: name; then the commands
    local name="$1" rounds=$(( (runs + 9) / 10 )) round i
    shift
    for i in $(seq 0 $(($# - 1))); do : >"$work/$name.$i"; done
    for round in $(seq "$rounds"); do
        hyperfine -N --style none --warmup 3 --runs 10 --export-json "$work/$name.json" "$@" >/dev/null 2>>"$work/$name.err"
        for i in $(seq 0 $(($# - 1))); do times_of "$work/$name.json" "$i" >>"$work/$name.$i"; done
    done
    for i in $(seq 0 $(($# - 1))); do stats <"$work/$name.$i"; done
}
peak_rss() { # $1: a command to run before each (or ""); rest: the command. Peak RSS over 5 runs, in MiB.
    local before="$1" peak=0 kb
    shift
    for _ in 1 2 3 4 5; do
        [ -z "$before" ] || $before
        kb="$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1)"
        [ "$kb" -gt "$peak" ] && peak="$kb"
    done
    awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }'
}

# The cold paths over HTTPS beside their floors, in alternating blocks of 10 runs (each block runs every
# command 10 times in turn; the cold credential empties the cache before each run, and the hit finds the cache
# it filled). The commands of a few milliseconds (hello world, --version, the hit) run in blocks of their own,
# before the others in each round: right after seconds of the heavy commands on every core, a 30 ms command
# ran 10-25% slower than the hello world that began the round. Prints "median min max" of each command, one
# line each, in the order hello, one-get, version, cold, clusters, show, hit, sso, cold-dir (then the before rows).
measure_cold() {
    local rounds=$(( (runs + 9) / 10 )) round i group
    local names=(hello one-get version cold clusters show hit sso cold-dir)
    local commands=("$floor" "$one_get_floor" "$launcher --version" "$credential" "$launcher clusters --api-url $api"
        "$launcher kubeconfig show $cluster --api-url $api" "$credential" "$sso_credential --no-cache"
        "env DOKS_AUTH_CACHE_DIR=$work/cache-dir $credential")
    local prepares=(true true true "rm -rf $work/cache" true true true true
        "sh -c 'rm -rf $work/cache-dir && mkdir -m 700 $work/cache-dir'")
    local light=(0 2 6) heavy=(1 3 4 5 7 8)
    if [ -n "$before" ]; then
        names+=(before-cold before-clusters before-show)
        commands+=("env DOKS_AUTH_CACHE_DIR=$work/cache-before $before_credential"
            "$before clusters --api-url $api" "$before kubeconfig show $cluster --api-url $api")
        prepares+=("rm -rf $work/cache-before" true true)
        heavy+=(9 10 11)
    fi
    for i in "${!names[@]}"; do : >"$work/cold-paths.$i"; done
    for round in $(seq "$rounds"); do
        for group in light heavy; do
            local members=() options=() block=()
            if [ "$group" = light ]; then members=("${light[@]}"); else members=("${heavy[@]}"); fi
            for i in "${members[@]}"; do
                options+=(--prepare "${prepares[$i]}")
                block+=("${commands[$i]}")
            done
            hyperfine -N --style none --warmup 2 --runs 10 --export-json "$work/cold-paths.json" "${options[@]}" \
                "${block[@]}" >/dev/null 2>>"$work/cold-paths.err" || fail "hyperfine failed on the cold paths: $(cat "$work/cold-paths.err")"
            for i in "${!members[@]}"; do times_of "$work/cold-paths.json" "$i" >>"$work/cold-paths.${members[$i]}"; done
        done
    done
    for i in "${!names[@]}"; do stats <"$work/cold-paths.$i"; done
}
before_credential="$before credential $cluster --api-url $api"
one_get_floor="$(floor_command "$runtime_java" "$flags" class OneGet "$api/v2/kubernetes/clusters/$cluster/credentials")"
for command in "$launcher --version" "$credential" "$launcher clusters --api-url $api" "$launcher kubeconfig show $cluster --api-url $api"; do
    $command >/dev/null || fail "$command failed"
done
# The sign-in the refreshes start from: the device grant, which the training provider finishes at once.
$sso_credential --sso-grant device >/dev/null 2>&1 || fail "the single sign-on failed: $($sso_credential --sso-grant device 2>&1 >/dev/null)"
if [ -n "$before" ]; then
    for command in "$before_credential" "$before clusters --api-url $api" "$before kubeconfig show $cluster --api-url $api"; do
        DOKS_AUTH_CACHE_DIR="$work/cache-before" $command >/dev/null || fail "$command failed"
    done
fi
c_before_cold=""; c_before_clusters=""; c_before_show=""
# The before rows are there only with --before (read would fail at the end of its input, and set -e end the run).
{ read -r c_hello _; read -r c_get _; read -r c_version _; read -r c_cold _; read -r c_clusters _; read -r c_show _; read -r c_hit _
  read -r c_sso _; read -r c_cold_dir _
  if [ -n "$before" ]; then read -r c_before_cold _; read -r c_before_clusters _; read -r c_before_show _; fi; } < <(measure_cold)
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
echo "Machine: $(nproc) cores${cpu:+, $cpu}; runtime: $("$runtime_java" -version 2>&1 | head -n 1); $runs runs a case"
echo
echo "## Cold paths over HTTPS (API stand-in with a CA of its own in SSL_CERT_FILE; alternating blocks of 10)"
echo
echo "| case | median | / its floor | floor |"
echo "|---|---:|---:|---|"
row() { awk -v n="$1" -v m="$2" -v f="$3" -v fn="$4" 'BEGIN { printf "| %s | %.1f ms | %.2fx | %s |\n", n, m, m / f, fn }'; }
row "hello world (the JVM floor)" "$c_hello" "$c_hello" "itself"
row "one HTTPS GET: trust one CA, HttpsURLConnection (the one-request floor)" "$c_get" "$c_get" "itself"
row "doks-auth --version" "$c_version" "$c_hello" "hello world"
row "cold credential (no cache directory yet, as in a CI job: one JVM, one API call)" "$c_cold" "$c_get" "one HTTPS GET"
row "cold credential (a cache directory without the cluster's entry: two JVMs, one API call)" "$c_cold_dir" "$c_get" "one HTTPS GET"
row "clusters (one API call)" "$c_clusters" "$c_get" "one HTTPS GET"
row "kubeconfig show CLUSTER (two API calls)" "$c_show" "$c_get" "one HTTPS GET"
row "single sign-on refresh (--no-cache: one POST to the token endpoint)" "$c_sso" "$c_get" "one HTTPS GET"
row "cache hit" "$c_hit" "$c_hello" "hello world"
echo
if [ -n "$before" ]; then
    echo "## The same commands, before ($before) and now, in the same blocks"
    echo
    echo "| command | before | now | now / before |"
    echo "|---|---:|---:|---:|"
    compare() { awk -v n="$1" -v b="$2" -v m="$3" 'BEGIN { printf "| %s | %.1f ms | %.1f ms | %.2fx |\n", n, b, m, m / b }'; }
    compare "cold credential" "$c_before_cold" "$c_cold"
    compare "clusters" "$c_before_clusters" "$c_clusters"
    compare "kubeconfig show CLUSTER" "$c_before_show" "$c_show"
    echo
fi
[ "$cold_only" = 0 ] || exit 0

$credential >/dev/null # fills the cache for the hit
{ read -r floor_median floor_min floor_max; read -r boot_median boot_min boot_max; read -r hit_median hit_min hit_max; } \
    < <(measure_pair floor-and-hit "$floor" "$boot_floor" "$credential")
# As kubectl runs an entry that kubeconfig save wrote: KUBERNETES_EXEC_INFO carries the cluster
# (provideClusterInfo), and each run has its own parent process, as each kubectl command does.
# hyperfine's shell gives every run a new parent and subtracts its own start-up from the times.
cluster_exec_info='{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false,"cluster":{"server":"https://127.0.0.1:6443","certificate-authority-data":"Zm9v"}}}'
read -r kube_median kube_min kube_max < <(KUBERNETES_EXEC_INFO="$cluster_exec_info" \
    measure hit-with-cluster --warmup 5 --runs "$runs" --shell=sh "$credential")
read -r cold_median cold_min cold_max < <(measure cold -N --warmup 2 --runs "$runs" --prepare "rm -rf $work/cache" "$credential")
floor_rss="$(peak_rss "" $floor)"
hit_rss="$(peak_rss "" $credential)"
cold_rss="$(peak_rss "rm -rf $work/cache" $credential)"

# 32 processes together on an empty cache, 10 rounds: wall time of each round, and the API calls it made.
walls=()
kubectl_ratios=()
max_calls=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf "$work/cache"
    api_get /reset >/dev/null
    start=$(date +%s%N)
    pids=()
    for _ in $(seq 32); do
        $credential >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || fail "a process of the burst failed"
    done
    walls+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    calls="$(api_get /count)"
    [ "$calls" -gt "$max_calls" ] && max_calls="$calls"
done
read -r burst_median burst_min burst_max < <(printf '%s\n' "${walls[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }')

# End to end: kubectl get pods through the saved entry, beside the same kubectl with a static token.
kubectl_rows=()
dispatcher="$(command -v kubectl || true)"
if [ -n "$dispatcher" ]; then
    classpath="${BENCH_CLASSPATH:-}"
    if [ -z "$classpath" ]; then
        (cd "$repo" && mvn -q -B -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
            -Dmdep.outputFile="$work/classpath.txt" >/dev/null) || fail "cannot build the stand-ins (mvn test-compile)"
        classpath="$repo/target/test-classes:$repo/target/classes:$(cat "$work/classpath.txt")"
    fi
    mkdir -p "$work/demo"
    # The stand-ins run until their stdin closes (bash keeps one coproc at a time: the API's is taken).
    mkfifo "$work/stand-ins.in"
    java -cp "$classpath" dev.doksauth.testing.DemoStandIns "$work/demo" "$repo/examples/wiremock" \
        <"$work/stand-ins.in" >"$work/stand-ins.out" 2>"$work/stand-ins.log" &
    standins_pid=$!
    exec {standins_in}>"$work/stand-ins.in"
    for _ in $(seq 240); do
        grep -q ready "$work/stand-ins.out" 2>/dev/null && break
        kill -0 "$standins_pid" 2>/dev/null || fail "the cluster stand-in did not start: $(cat "$work/stand-ins.log")"
        sleep 0.5
    done
    grep -q ready "$work/stand-ins.out" || fail "the cluster stand-in did not start within 120 s"
    # shellcheck disable=SC1091
    . "$work/demo/stand-ins.env"
    saved="$work/demo/saved.kubeconfig"
    static="$work/demo/static.kubeconfig"
    DOKS_AUTH_CACHE_DIR="$work/demo/cache" DIGITALOCEAN_ACCESS_TOKEN=dop_v1_demo_token_not_a_real_one \
        "$launcher" kubeconfig save demo --api-url "$API_URL" --kubeconfig "$saved" >/dev/null
    cp "$saved" "$static"
    kubectl --kubeconfig "$static" config set-credentials static --token=doks-demo-cluster-token >/dev/null
    kubectl --kubeconfig "$static" config set-context --current --user=static >/dev/null
    versioned="$(ls "$(dirname "$(readlink -f "$dispatcher")")"/kubectl.1.* 2>/dev/null | sort -V | tail -n 1 || true)"
    for kubectl in "$dispatcher" $versioned; do
        name="$(basename "$(readlink -f "$kubectl")")"
        label="$name"
        [ "$kubectl" = "$dispatcher" ] && [ -n "$versioned" ] && label="$name (Cloud SDK dispatcher: runs the plugin twice)"
        get_pods="env DOKS_AUTH_CACHE_DIR=$work/demo/cache $kubectl --cache-dir $work/demo/kube-cache get pods --kubeconfig"
        $get_pods "$saved" >/dev/null && $get_pods "$static" >/dev/null || fail "kubectl get pods failed with $kubectl"
        { read -r s_med s_min s_max; read -r d_med d_min d_max; } < <(measure_pair "kubectl-$name" "$get_pods $static" "$get_pods $saved")
        kubectl_rows+=("| kubectl get pods, $label: static token | $s_med ms | $s_min ms | $s_max ms | |")
        kubectl_rows+=("| kubectl get pods, $label: doks-auth entry | $d_med ms | $d_min ms | $d_max ms | |")
        kubectl_ratios+=("$(awk -v d="$d_med" -v s="$s_med" -v n="$label" 'BEGIN { printf "%s: %.2fx", n, d / s }')")
    done
    exec {standins_in}>&-
    wait "$standins_pid" || true
    standins_pid=""
fi

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
echo "Machine: $(nproc) cores${cpu:+, $cpu}; runtime: $("$runtime_java" -version 2>&1 | head -n 1); $runs runs a case"
echo "(floors and cache hit in alternating blocks of 10)."
echo
echo "| case | median | min | max | peak RSS |"
echo "|---|---:|---:|---:|---:|"
echo "| JVM floor (hello world, same runtime and flags) | $floor_median ms | $floor_min ms | $floor_max ms | $floor_rss MiB |"
echo "| JVM floor, Hello from the boot class path (as the first JVM loads ours) | $boot_median ms | $boot_min ms | $boot_max ms | |"
echo "| cache hit | $hit_median ms | $hit_min ms | $hit_max ms | $hit_rss MiB |"
echo "| cache hit, entry with provideClusterInfo (records the client) | $kube_median ms | $kube_min ms | $kube_max ms | |"
echo "| cold: API call to a local stand-in | $cold_median ms | $cold_min ms | $cold_max ms | $cold_rss MiB |"
echo "| 32 processes at once, empty cache (10 rounds, wall) | $burst_median ms | $burst_min ms | $burst_max ms | |"
for row in "${kubectl_rows[@]}"; do
    echo "$row"
done
echo
awk -v h="$hit_median" -v f="$floor_median" -v b="$boot_median" \
    'BEGIN { printf "Cache hit / floor: %.2fx (/ the boot-class-path floor: %.2fx, our own work and the launcher script). ", h / f, h / b }'
echo "API calls per round of 32 processes: at most $max_calls."
if [ ${#kubectl_rows[@]} -gt 0 ]; then
    echo "kubectl get pods, doks-auth entry / static token (same kubectl, alternating blocks): $(IFS=';'; echo "${kubectl_ratios[*]}" | sed 's/;/; /g')."
fi

if [ -n "$jdk17" ]; then
    [ "$(java_major "$jdk17/bin/java")" = 17 ] || fail "--jdk17 $jdk17 is not a JDK 17"
    "$repo/install.sh" --no-build --quiet --java-home "$jdk17" --prefix "$work/jdk17" >/dev/null
    archived="$work/jdk17/bin/doks-auth"
    grep -q SharedArchiveFile "$archived" || fail "the JDK 17 install recorded no AppCDS archive"
    # The same launcher without its archives: the JDK's default CDS archive only; then no class sharing at all.
    sed "s/^\([a-z]*\)_archive=.*/\1_archive=/" "$archived" >"$work/jdk17/bin/default-cds"
    sed "s/^\([a-z]*\)_archive=.*/\1_archive=/; s/-XX:-UsePerfData/-XX:-UsePerfData -Xshare:off/g" "$archived" >"$work/jdk17/bin/no-sharing"
    chmod +x "$work/jdk17/bin/default-cds" "$work/jdk17/bin/no-sharing"
    floor17="$(floor_command "$(sed -n "s/^java='\([^']*\)'$/\1/p" "$archived" | head -n 1)" "$first_flags" class)"
    args17="credential $cluster --api-url $api"
    rm -rf "$work/cache"
    "$archived" $args17 >/dev/null
    echo
    echo "JDK 17 install ($("$jdk17/bin/java" -version 2>&1 | head -n 1)):"
    echo
    echo "| case | cache hit, median | cold, median |"
    echo "|---|---:|---:|"
    read -r f17 _ < <(measure jdk17-floor -N --warmup 5 --runs "$runs" "$floor17")
    echo "| JVM floor (hello world with its AppCDS archive) | $f17 ms | |"
    for variant in doks-auth default-cds no-sharing; do
        read -r h _ < <(measure "jdk17-$variant-hit" -N --warmup 5 --runs "$runs" "$work/jdk17/bin/$variant $args17")
        read -r c _ < <(measure "jdk17-$variant-cold" -N --warmup 2 --runs "$runs" --prepare "rm -rf $work/cache" "$work/jdk17/bin/$variant $args17")
        case "$variant" in
            doks-auth) label="as installed: AppCDS archives"; hit17="$h"; cold17="$c" ;;
            default-cds) label="without them: the JDK's default CDS only" ;;
            no-sharing) label="no class sharing at all (-Xshare:off)"; hit17_off="$h"; cold17_off="$c" ;;
        esac
        echo "| $label | $h ms | $c ms |"
    done
    echo
    awk -v h="$hit17" -v ho="$hit17_off" -v c="$cold17" -v co="$cold17_off" \
        'BEGIN { printf "On JDK 17 the archives make the cache hit %.2fx and the cold run %.2fx as fast as no class sharing.\n", ho / h, co / c }'
    rm -rf "$work/cache"
fi
