#!/usr/bin/env bash
# Installs doks-auth: DIR/bin/doks-auth (the launcher kubectl runs) and DIR/lib/doks-auth/ (what it runs).
#
#   ./install.sh [--prefix DIR]            build with Maven and install (default DIR: ~/.local)
#   ./install.sh --uninstall [--prefix DIR]
#
# For start-up speed it picks the newest JDK it finds (17 or newer), links a private runtime with
# jlink where it can (so a system JDK upgrade cannot invalidate the archive), and records a training
# run into an AOT cache (JDK 25+) or an AppCDS archive (JDK 17-24). Re-running it upgrades in place.
set -euo pipefail

prefix="$HOME/.local"
java_home=""
build=1
quiet=0
uninstall=0
here="$(cd "$(dirname "$0")" && pwd)"

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    echo "Options: --prefix DIR, --uninstall, --java-home DIR (this JDK, not the newest), --no-build (use target/ as built), --quiet"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        --no-build) build=0; shift ;;
        --java-home) [ $# -ge 2 ] || { echo "install.sh: --java-home needs a directory" >&2; exit 2; }; java_home="$2"; shift 2 ;;
        --quiet) quiet=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

say() { [ "$quiet" = 1 ] || echo "$@"; }
fail() { echo "install.sh: $*" >&2; exit 1; }

# The launcher puts the jar on Java class paths, which ':' separates: a prefix holding one cannot work.
case "$prefix" in /*) absolute="$prefix" ;; *) absolute="$PWD/$prefix" ;; esac
case "$absolute" in *:*) [ "$uninstall" = 1 ] || fail "cannot install into $absolute: Java class paths cannot hold a ':'; choose another --prefix" ;; esac
mkdir -p "$prefix" || fail "cannot create $prefix"
prefix="$(cd "$prefix" && pwd)"
bin="$prefix/bin"
lib="$prefix/lib/doks-auth"
launcher="$bin/doks-auth"

# The kubeconfig entries whose exec command is this launcher: "FILE: user NAME (context CTX)", one a line.
# kubectl reads KUBECONFIG, else ~/.kube/config; both are looked at. The installed program reads them (YAML or
# JSON, as kubectl does), so this runs before it is removed.
entries_running() {
    local list="${KUBECONFIG:-}" file seen=":"
    local IFS=":"
    for file in $list "$HOME/.kube/config"; do
        [ -n "$file" ] && [ -f "$file" ] && [ -r "$file" ] || continue
        case "$seen" in *":$file:"*) continue ;; esac
        seen="$seen$file:"
        grep -qF -- "$1" "$file" || continue
        "$1" kubeconfig entries --command "$1" --kubeconfig "$file" 2>/dev/null \
            || echo "$file: an exec entry (doks-auth cannot read the file to tell whose)"
    done
}

# What install.sh writes as bin/doks-auth: a link to a launcher in one of its version directories.
ours() { [ -L "$launcher" ] && case "$(readlink "$launcher")" in "$lib"/*) true ;; *) false ;; esac; }

if [ "$uninstall" = 1 ]; then
    if [ -e "$launcher" ] && ! ours; then
        fail "$launcher was not written by install.sh; leaving it"
    fi
    still=""
    [ -x "$launcher" ] && still="$(entries_running "$launcher" | sort)"
    rm -f "$launcher"
    rm -rf "$lib"
    say "Removed doks-auth from $prefix (the credential cache, ~/.cache/doks-auth, is left; 'rm -r' it if you like)."
    if [ -n "$still" ]; then
        # kubectl would only say "fork/exec $launcher: no such file or directory" for these.
        echo "install.sh: these kubeconfig entries still run $launcher, which is gone:" >&2
        printf '%s\n' "$still" | sed 's/^/  /' >&2
        echo "install.sh: install again, or delete them ('kubectl config delete-user NAME', 'kubectl config delete-context NAME')." >&2
    fi
    exit 0
fi

# The newest JDK 17+ among JAVA_HOME, java on PATH and the usual install places.
java_major() { # prints the major version of the JDK at $1, or nothing
    local release="$1/release" version
    [ -x "$1/bin/java" ] || return 0
    if [ -f "$release" ]; then
        version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    else
        version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
    fi
    echo "$version"
}
candidates=()
if [ -n "$java_home" ]; then
    [ -n "$(java_major "$java_home")" ] || fail "--java-home $java_home is not a JDK"
    candidates+=("$java_home")
else
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$dir" ] && candidates+=("$dir")
done
fi
jdk=""
jdk_major=0
for dir in "${candidates[@]}"; do
    major="$(java_major "$dir")"
    if [ -n "$major" ] && [ "$major" -ge 17 ] && [ "$major" -gt "$jdk_major" ]; then
        jdk="$(readlink -f "$dir")"
        jdk_major="$major"
    fi
done
[ -n "$jdk" ] || fail "doks-auth needs a JDK 17 or newer and none was found; install one (Debian: 'apt-get install openjdk-17-jdk-headless') or set JAVA_HOME"
if [ -n "$java_home" ]; then
    say "Using the JDK at $jdk (Java $jdk_major), as asked."
else
    say "Using the JDK at $jdk (Java $jdk_major), the newest found."
fi

# Reads Maven's output: keeps all of it in the file $1 and says, a line at a time, what Maven is doing.
maven_progress() {
    local log="$1" line downloads=0 said=$SECONDS
    while IFS= read -r line; do
        printf '%s\n' "$line" >>"$log"
        case "$line" in
            *"Downloaded from "*)
                downloads=$((downloads + 1))
                if [ $((SECONDS - said)) -ge 10 ]; then
                    say "  downloaded $downloads files into ~/.m2..."
                    said=$SECONDS
                fi ;;
            *"--- maven-compiler-plugin:"*":compile "*) say "  compiling..."; said=$SECONDS ;;
            *"--- maven-jar-plugin:"*) say "  packaging doks-auth.jar..."; said=$SECONDS ;;
            *"--- maven-dependency-plugin:"*) say "  copying the libraries it runs with..."; said=$SECONDS ;;
        esac
    done
    [ "$downloads" = 0 ] || say "  ($downloads files downloaded)"
}

if [ "$build" = 1 ]; then
    command -v mvn >/dev/null 2>&1 || fail "doks-auth is built with Maven, which is missing; install it (Debian: 'apt-get install maven')"
    say "Building with Maven (the first run downloads the dependencies: a few minutes)..."
    maven_opts="${MAVEN_OPTS:-}"
    # Maven's own Guava warns about sun.misc.Unsafe on JDK 24 and newer; the warning is Maven's, not ours.
    [ "$jdk_major" -lt 24 ] || maven_opts="$maven_opts --sun-misc-unsafe-memory-access=allow"
    build_log="$(mktemp "${TMPDIR:-/tmp}/doks-auth-build.XXXXXX")"
    # A line every 30 s while nothing else is said: a download or a compilation can take a while.
    ( start=$SECONDS; while sleep 30; do say "  still building ($((SECONDS - start)) s)..."; done ) &
    heartbeat=$!
    set +e
    (cd "$here" && JAVA_HOME="$jdk" MAVEN_OPTS="$maven_opts" mvn -B -DskipTests package 2>&1) | maven_progress "$build_log"
    status=${PIPESTATUS[0]}
    set -e
    kill "$heartbeat" 2>/dev/null || true
    wait "$heartbeat" 2>/dev/null || true
    if [ "$status" != 0 ]; then
        grep -E '^\[ERROR\]' "$build_log" | head -n 20 >&2 || true
        fail "the Maven build failed (its whole output: $build_log)"
    fi
    rm -f "$build_log"
fi
[ -f "$here/target/doks-auth.jar" ] || fail "target/doks-auth.jar is missing; run without --no-build"

# A new version directory, made whole before the launcher points to it, so that kubectl commands
# running during an upgrade use the old installation or the new one, never half of each.
version_dir="$lib/$(date +%Y%m%d%H%M%S)-$$"
mkdir -p "$version_dir/lib" "$bin"
cp "$here/target/doks-auth.jar" "$version_dir/"
cp "$here"/target/lib/*.jar "$version_dir/lib/"

java="$jdk/bin/java"
if [ -x "$jdk/bin/jlink" ]; then
    modules="java.base,java.net.http,java.logging,java.sql,java.xml,java.naming,jdk.httpserver"
    if "$jdk/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.crypto.ec@'; then
        modules="$modules,jdk.crypto.ec" # TLS key exchange; inside java.base since JDK 22
    fi
    if "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --output "$version_dir/runtime" >/dev/null 2>&1; then
        java="$version_dir/runtime/bin/java"
        # The base class-data archive that jlink leaves out: AppCDS on JDK 17-24 builds on it.
        "$java" -Xshare:dump -Xlog:disable >/dev/null 2>&1 || true
        say "Linked a private Java runtime ($modules)."
    else
        rm -rf "$version_dir/runtime"
        say "jlink could not link a runtime from this JDK (no jmods?); using the JDK itself."
    fi
fi

classpath="$version_dir/doks-auth.jar"
training_log="$version_dir/training.log"
# What the launcher and its JVMs agree on (dev.doksauth.launcher.LauncherScript): the options every
# doks-auth JVM runs with and the first JVM's own (archives are recorded with exactly those), how the
# first JVM is given our jar, what the full JVM has on its boot class path, the first JVM's main class,
# and the marker of a launcher written here.
protocol="$("$java" -Xlog:disable -XX:Flags=/dev/null -XX:CompileCommandFile=/dev/null -cp "$classpath" dev.doksauth.launcher.LauncherScript shell)" \
    || fail "cannot run the freshly built doks-auth with $java"
eval "$protocol"
read -r -a jvm_options <<<"$jvm_options" # split into words on purpose
read -r -a first_jvm_options <<<"$first_jvm_options"
# As kubectl passes it for an entry kubeconfig save wrote (provideClusterInfo).
exec_info='{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false,"cluster":{"server":"https://127.0.0.1:6443","certificate-authority-data":""}}}'
training_home="$(mktemp -d)"
# The training runs see none of the user's environment: no JVM options, no DigitalOcean settings.
# The launcher runs the JVMs in a UTF-8 locale (it turns C into C.UTF-8): so are they trained, or the
# archive would hold the ASCII encoder of stdout and every hit would load the UTF-8 one from the runtime.
train() { env -i PATH="$PATH" HOME="$training_home" LC_ALL=C.UTF-8 "$@" >/dev/null 2>>"$training_log"; }

# Six archives (dev.doksauth.launcher.LauncherScript.ARCHIVES): one recorded from a JVM that does nothing but
# serve a cache hit, for the launcher's first JVM; one from the commands that make no request (help,
# completion); one from the cache's commands, on a cache that holds an entry; one from the commands that reach
# the API and never read a kubeconfig (a cold credential, clusters); one from a single sign-on credential; one
# from the commands that reach the API and read a kubeconfig, for everything else; the last three over TLS, as
# the real API and providers speak. An AOT cache loads every class it holds at start-up, and a large AppCDS
# archive costs JDK 17 time to map, so a hit must not pay for the classes of the API client, Jackson and the
# rest, nor --help for those of TLS or Jackson, nor a cold credential for those of YAML, Fabric8 and OpenID
# Connect.
if [ "$jdk_major" -ge 25 ]; then
    record_option="-XX:AOTCacheOutput="
    archive_option="-XX:AOTCache="
    kind="AOT caches"
    suffix=aot
else
    record_option="-XX:ArchiveClassesAtExit="
    archive_option="-XX:SharedArchiveFile="
    kind="AppCDS archives"
    suffix=jsa
fi
first_archive="$version_dir/first.$suffix"
full_archive="$version_dir/full.$suffix"
offline_archive="$version_dir/offline.$suffix"
cache_archive="$version_dir/cache.$suffix"
api_archive="$version_dir/api.$suffix"
sso_archive="$version_dir/sso.$suffix"
train "$java" "${jvm_options[@]}" -cp "$classpath" dev.doksauth.training.AotTraining prepare-hit "$training_home" || true
# The first JVM as the launcher runs it (launcher.sh): our jar on the boot class path.
train DOKS_AUTH_CACHE_DIR="$training_home/cache" KUBERNETES_EXEC_INFO="$exec_info" DOKS_AUTH_CLIENT_PID=1 \
    "$java" "${jvm_options[@]}" "${first_jvm_options[@]}" "$record_option$first_archive" "$boot_class_path_option$classpath" -cp "$classpath" "$first_jvm_class" \
    credential 00000000-0000-4000-8000-00000000a07a || true
# Recorded beside the others (it shares nothing with them): the install takes little longer for it.
train "$java" "${jvm_options[@]}" "$record_option$offline_archive" "$boot_class_path_option$full_boot_class_path" -cp "$classpath" \
    dev.doksauth.training.AotTraining offline &
offline_training=$!
train "$java" "${jvm_options[@]}" "$record_option$cache_archive" "$boot_class_path_option$full_boot_class_path" -cp "$classpath" \
    dev.doksauth.training.AotTraining cache &
cache_training=$!
# The training API's certificate, made with the JDK's keytool; without one the training speaks plain http.
tls=()
trusted=()
if "$jdk/bin/keytool" -genkeypair -alias api -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 \
        -ext san=ip:127.0.0.1 -validity 1 -keystore "$training_home/api.p12" -storetype PKCS12 \
        -storepass training -keypass training >/dev/null 2>>"$training_log" \
    && "$jdk/bin/keytool" -exportcert -rfc -alias api -keystore "$training_home/api.p12" -storepass training \
        -file "$training_home/api.pem" >/dev/null 2>>"$training_log"; then
    tls=("$training_home/api.p12" training "$training_home/api.pem")
    trusted=("$training_home/api.pem")
fi
# The stand-in API serves from a JVM of its own, which nothing records: the archive holds the client's classes.
# It writes its URL to a file and serves until its stdin, this script's descriptor 4, is closed (no coproc:
# macOS's bash 3.2 has none; ${a[@]+...}: its set -u refuses an empty array).
exec 4> >(exec env -i PATH="$PATH" LC_ALL=C.UTF-8 "$java" -cp "$classpath" dev.doksauth.training.TrainingApi \
    ${tls[@]+"${tls[@]}"} >"$training_home/api-url" 2>>"$training_log")
waited=0
while [ ! -s "$training_home/api-url" ] && [ "$waited" -lt 600 ]; do # at most a minute
    sleep 0.1
    waited=$((waited + 1))
done
if read -r training_api <"$training_home/api-url"; then
    train_client() { # $1: api, sso or full (see AotTraining), $2: the archive it records
        train "$java" "${jvm_options[@]}" "$record_option$2" "$boot_class_path_option$full_boot_class_path" -cp "$classpath" \
            dev.doksauth.training.AotTraining "$1" "$training_api" ${trusted[@]+"${trusted[@]}"} 4>&-
    }
    train_client api "$api_archive" &
    api_training=$!
    train_client sso "$sso_archive" &
    sso_training=$!
    train_client full "$full_archive" || true
    wait "$api_training" || true
    wait "$sso_training" || true
fi
exec 4>&-
wait "$offline_training" || true
wait "$cache_training" || true
rm -rf "$training_home"
if [ -f "$first_archive" ] && [ -f "$full_archive" ] && [ -f "$offline_archive" ] && [ -f "$cache_archive" ] \
        && [ -f "$api_archive" ] && [ -f "$sso_archive" ]; then
    say "Recorded six $kind for fast start-up (the cache hit, the commands that make no request, the cache's, those that reach the API alone, single sign-on, and the rest)."
else
    say "Could not record the start-up archives (see $training_log); doks-auth works, only slower."
fi

# The launcher, rendered from its template (src/main/resources/dev/doksauth/launcher/launcher.sh) into
# the version directory; bin/doks-auth is a link to it, replaced in one rename.
"$java" -Xlog:disable -XX:Flags=/dev/null -XX:CompileCommandFile=/dev/null -cp "$classpath" dev.doksauth.launcher.LauncherScript render "$version_dir/doks-auth" \
    "$java" "$classpath" "$archive_option" "$launcher" first="$first_archive" offline="$offline_archive" cache="$cache_archive" \
    api="$api_archive" sso="$sso_archive" full="$full_archive" \
    || fail "cannot write the launcher into $version_dir"
if [ -e "$launcher" ] && [ ! -L "$launcher" ] && ! grep -qF "$marker" "$launcher"; then
    fail "$launcher was not written by install.sh; leaving it (remove it, or choose another --prefix)"
fi
ln -s "$version_dir/doks-auth" "$bin/.doks-auth.new.$$"
mv -f "$bin/.doks-auth.new.$$" "$launcher"

# Older versions: a command that started a moment ago may still be reading the previous one (its
# launcher script, its runtime's libraries, its archives), so the previous version stays; older ones
# go, unless a running process still names them.
versions=()
for dir in "$lib"/*/; do
    versions+=("${dir%/}")
done
keep=2
for ((i = 0; i < ${#versions[@]} - keep; i++)); do
    old="${versions[$i]}"
    [ "$old" = "$version_dir" ] && continue
    if [ -d /proc/self ] && grep -qsF "$old/" /proc/[0-9]*/cmdline 2>/dev/null; then
        continue
    fi
    rm -rf "$old"
done

say "Installed $launcher"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) say "Add $bin to your PATH, for instance: echo 'export PATH=\"$bin:\$PATH\"' >> ~/.profile" ;;
esac
