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

mkdir -p "$prefix" || fail "cannot create $prefix"
prefix="$(cd "$prefix" && pwd)"
bin="$prefix/bin"
lib="$prefix/lib/doks-auth"
launcher="$bin/doks-auth"
marker="# doks-auth launcher, written by install.sh"

if [ "$uninstall" = 1 ]; then
    if [ -f "$launcher" ] && ! grep -qF "$marker" "$launcher"; then
        fail "$launcher was not written by install.sh; leaving it"
    fi
    rm -f "$launcher"
    rm -rf "$lib"
    say "Removed doks-auth from $prefix (the credential cache, ~/.cache/doks-auth, is left; 'rm -r' it if you like)."
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

if [ "$build" = 1 ]; then
    command -v mvn >/dev/null 2>&1 || fail "doks-auth is built with Maven, which is missing; install it (Debian: 'apt-get install maven')"
    say "Building with Maven..."
    maven_opts="${MAVEN_OPTS:-}"
    # Maven's own Guava warns about sun.misc.Unsafe on JDK 24 and newer; the warning is Maven's, not ours.
    [ "$jdk_major" -lt 24 ] || maven_opts="$maven_opts --sun-misc-unsafe-memory-access=allow"
    (cd "$here" && JAVA_HOME="$jdk" MAVEN_OPTS="$maven_opts" mvn -B -q -DskipTests package) || fail "the Maven build failed"
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

flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
log_flags="-Xlog:disable -Xlog:all=warning:stderr"
classpath="$version_dir/doks-auth.jar"
training_log="$version_dir/training.log"
# As kubectl passes it for an entry kubeconfig save wrote (provideClusterInfo).
exec_info='{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false,"cluster":{"server":"https://127.0.0.1:6443","certificate-authority-data":""}}}'
training_home="$(mktemp -d)"
# The training runs see none of the user's environment: no JVM options, no DigitalOcean settings.
train() { env -i PATH="$PATH" HOME="$training_home" "$@" >/dev/null 2>>"$training_log"; }
jvm() { echo "$java" $flags -Xlog:disable -cp "$classpath"; }

# Two archives: one recorded from a JVM that does nothing but serve a cache hit, for the launcher's
# first step, and one from the full training run for everything else. An AOT cache loads every class
# it holds at start-up, and a large AppCDS archive costs JDK 17 time to map, so a hit must not pay for
# the classes of the API client, Jackson and the rest.
if [ "$jdk_major" -ge 25 ]; then
    record() { echo "-XX:AOTCacheOutput=$1"; }
    use() { echo "-XX:AOTCache=$1"; }
    archive_option="-XX:AOTCache="
    kind="AOT caches"
    suffix=aot
else
    record() { echo "-XX:ArchiveClassesAtExit=$1"; }
    use() { echo "-XX:SharedArchiveFile=$1"; }
    archive_option="-XX:SharedArchiveFile="
    kind="AppCDS archives"
    suffix=jsa
fi
hit_archive=""
full_archive=""
hit_archive_file="$version_dir/hit.$suffix"
full_archive_file="$version_dir/full.$suffix"
if train $(jvm) dev.doksauth.training.AotTraining prepare-hit "$training_home" \
    && train DOKS_AUTH_CACHE_DIR="$training_home/cache" KUBERNETES_EXEC_INFO="$exec_info" DOKS_AUTH_CLIENT_PID=1 \
        $(jvm) "$(record "$version_dir/hit.$suffix")" dev.doksauth.CacheHitMain \
        credential 00000000-0000-4000-8000-00000000a07a \
    && [ -f "$version_dir/hit.$suffix" ]; then
    hit_archive="$(use "$version_dir/hit.$suffix")"
fi
if train $(jvm) "$(record "$version_dir/full.$suffix")" dev.doksauth.training.AotTraining \
    && [ -f "$version_dir/full.$suffix" ]; then
    full_archive="$(use "$version_dir/full.$suffix")"
fi
[ -n "$hit_archive" ] && [ -n "$full_archive" ] && say "Recorded two $kind for fast start-up (the cache hit, and the rest)."
rm -rf "$training_home"
if [ -z "$full_archive" ]; then
    say "Could not record a start-up archive (see $training_log); doks-auth works, only slower."
fi

quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
java_command="$(quote "$java") $flags"
new_launcher="$bin/.doks-auth.new.$$"
{
    echo "#!/bin/sh"
    echo "$marker. Prints nothing of its own."
    echo "# Options in these variables would be announced on stderr by the JVM and could break the archive."
    echo "unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS"
    echo "# The client that runs us (kubectl): a client asking again for what it was given may have met a 401."
    echo "# (A child launcher started by our own first step keeps the client's PID and goes straight to the full JVM.)"
    echo "if [ -z \"\${DOKS_AUTH_SKIP_HIT:-}\" ]; then"
    echo "    DOKS_AUTH_CLIENT_PID=\$PPID"
    echo "    export DOKS_AUTH_CLIENT_PID"
    echo "fi"
    # An archive is passed only while its file is there: a missing one would make the JVM print errors.
    echo "hit=$(quote "$hit_archive_file")"
    echo "full=$(quote "$full_archive_file")"
    echo "[ -r \"\$hit\" ] && hit_flag=$(quote "$archive_option")\"\$hit\" || hit_flag="
    echo "[ -r \"\$full\" ] && full_flag=$(quote "$archive_option")\"\$full\" || full_flag="
    if [ -n "$hit_archive" ]; then
        echo "if [ \"\$1\" = credential ] && [ -z \"\${DOKS_AUTH_SKIP_HIT:-}\" ]; then"
        echo "    # A fresh cached credential, from a JVM that loads only what that takes; exit 3: not served."
        echo "    $java_command \${hit_flag:+\"\$hit_flag\"} $log_flags $(quote "-Ddoksauth.launcher=$launcher") -cp $(quote "$classpath") dev.doksauth.CacheHitMain \"\$@\""
        echo "    status=\$?"
        echo "    [ \$status -eq 3 ] || exit \$status"
        echo "fi"
    fi
    # The full JVM is told where this launcher is: kubeconfig entries run it by its absolute path.
    echo "exec $java_command \${full_flag:+\"\$full_flag\"} $log_flags $(quote "-Ddoksauth.launcher=$launcher") -cp $(quote "$classpath") dev.doksauth.Main \"\$@\""
} >"$new_launcher"
chmod 755 "$new_launcher"
mv -f "$new_launcher" "$launcher"

# Older versions: nothing runs them any more once the launcher is replaced.
for old in "$lib"/*; do
    [ "$old" = "$version_dir" ] || rm -rf "$old"
done

say "Installed $launcher"
case ":$PATH:" in
    *":$bin:"*) ;;
    *) say "Add $bin to your PATH, for instance: echo 'export PATH=\"$bin:\$PATH\"' >> ~/.profile" ;;
esac
