#!/bin/sh
{{MARKER}} from src/main/resources/dev/doksauth/launcher/launcher.sh.
# What this script and the JVMs agree on is defined in dev.doksauth.launcher.LauncherProtocol.
# It prints nothing of its own: kubectl reads stdout as the credential.

# Nothing from the environment or the working directory may change what the JVM prints or does:
# these variables would add options (announced on stdout or stderr), and the JVM would warn on
# stdout about a .hotspotrc or .hotspot_compiler file in the current directory (the -XX:Flags and
# -XX:CompileCommandFile options below read /dev/null instead; DisplayVMOutputToStderr sends any
# VM message to stderr).
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS JDK_AOT_VM_OPTIONS _JAVA_LAUNCHER_DEBUG CLASSPATH

# The JVM cannot start in a working directory that was deleted (it needs a name for user.dir); kubectl
# can, and nothing relative could be found there anyway. The shell leaves PWD empty when it cannot tell it.
[ -d "${PWD:-/nonexistent}" ] || cd /

# The JVM decodes file names and variables (HOME) by the locale's character set: in the C locale (no
# LANG, as under cron, systemd or env -i) that is ASCII, and a home directory named in UTF-8 could not be
# used at all. The C locale in UTF-8 changes nothing else.
case ${LC_ALL:-${LC_CTYPE:-${LANG:-C}}} in
    C | POSIX)
        if [ -n "${LC_ALL:-}" ]; then LC_ALL=C.UTF-8; export LC_ALL; else LC_CTYPE=C.UTF-8; export LC_CTYPE; fi ;;
esac

java={{JAVA}}
classpath={{CLASSPATH}}
full_boot_class_path={{FULL_BOOT_CLASS_PATH}}
first_archive={{FIRST_ARCHIVE}}
full_archive={{FULL_ARCHIVE}}
offline_archive={{OFFLINE_ARCHIVE}}
cache_archive={{CACHE_ARCHIVE}}
api_archive={{API_ARCHIVE}}
sso_archive={{SSO_ARCHIVE}}
command={{COMMAND}}
self={{SELF}}
jvm_options={{JVM_OPTIONS}}
first_jvm_options={{FIRST_JVM_OPTIONS}}

# The commands that make no request, the cache's (which read its entries with Jackson), those that reach the API
# but not the kubeconfig, and a single sign-on credential run with archives of their own: an AOT cache loads every
# class it holds at start-up, and the full one holds TLS, HTTP, YAML, Fabric8 and the rest.
case ${1:-} in
    {{OFFLINE_COMMANDS}}) full_archive=$offline_archive ;;
    {{CACHE_COMMANDS}}) full_archive=$cache_archive ;;
    {{API_COMMANDS}})
        case " $* " in
            *" "{{SSO_OPTION}}*) full_archive=$sso_archive ;;
            *) full_archive=$api_archive ;;
        esac ;;
esac

# An archive is passed only while its file is there: a missing one would make the JVM print errors.
first_flag=
full_flag=
[ -r "$first_archive" ] && first_flag={{ARCHIVE_OPTION}}"$first_archive"
[ -r "$full_archive" ] && full_flag={{ARCHIVE_OPTION}}"$full_archive"

# Runs a JVM as a job of this shell, which passes on the signals that end a process (a parent program or an
# IDE ends its child so): otherwise the JVM, and the sign-in or fetch it runs, would outlive us. A job ignores
# INT in a shell without job control, so INT goes on as TERM. Its stdin stays ours (a job's would be
# /dev/null). Sets $status to the JVM's exit status.
run_jvm() {
    "$@" 0<&0 &
    jvm=$!
    trap 'kill -TERM $jvm 2>/dev/null' INT TERM
    trap 'kill -HUP $jvm 2>/dev/null' HUP
    wait $jvm
    status=$?
    while kill -0 $jvm 2>/dev/null; do # a signal ended the wait, not the JVM
        wait $jvm
        status=$?
    done
    trap - INT TERM HUP
}

made_cache_dir=
if [ -z "${{{HANDED_OVER}}:-}" ]; then
    # The client that runs us (kubectl): a client asking again for what it was given may have met a 401.
    {{CLIENT_PID}}=$PPID
    export {{CLIENT_PID}}
    first_jvm=
    case ${1:-} in {{FIRST_JVM_COMMANDS}}) first_jvm=1 ;; esac
    if [ "${1:-}" = {{CREDENTIAL_COMMAND}} ]; then
        # A cache directory that is not there yet (a CI job's first command, a new machine) has nothing to
        # serve: the command that makes it (as the cache makes it: 0700, below a parent that is there) runs the
        # full JVM at once, which fetches under the lock it takes itself, one JVM instead of two. Commands that
        # start meanwhile find the directory and wait for that fetch in first JVMs, which stay small.
        {{CACHE_DIRECTORY}}
        if [ -n "$cache_dir" ] && [ ! -e "$cache_dir" ] && [ ! -L "$cache_dir" ] \
            && mkdir -m {{PRIVATE_DIRECTORY_MODE}} "$cache_dir" 2>/dev/null; then
            first_jvm=
            made_cache_dir=1
        fi
    fi
    if [ -n "$first_jvm" ]; then
        # The options are split into words on purpose; every path is quoted. Our jar is on the boot class
        # path: its classes then load from the archive as the JDK's own do, without the application class
        # loader's calls into Java for each class (2 ms of every hit). install.sh records the archive so.
        run_jvm "$java" $jvm_options $first_jvm_options ${first_flag:+"$first_flag"} -D{{SELF_PROPERTY}}="$self" {{BOOT_CLASS_PATH_OPTION}}"$classpath" -cp "$classpath" {{FIRST_JVM_CLASS}} "$@"
        [ $status -eq {{NOT_SERVED}} ] || exit $status
    fi
fi
# The full JVM, picocli on its boot class path: see LauncherScript.fullBootClassPath.
set -- "$java" $jvm_options ${full_flag:+"$full_flag"} {{BOOT_CLASS_PATH_OPTION}}"$full_boot_class_path" -D{{COMMAND_PROPERTY}}="$command" -cp "$classpath" {{FULL_JVM_CLASS}} "$@"
if [ -n "$made_cache_dir" ]; then
    # A command that did not use the directory (a usage error, --help) leaves it as it found it: not there
    # (rmdir takes only an empty directory).
    run_jvm "$@"
    rmdir "$cache_dir" 2>/dev/null
    exit $status
fi
exec "$@"
