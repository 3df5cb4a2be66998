package dev.doksauth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shell completion for bash and zsh, as static text: the command tree, options and option values are
 * written into the script as tables, so that completing never runs doks-auth (nor starts a JVM).
 *
 * <p>What follows an option: the option's {@code completionCandidates} (enums have theirs), file names
 * for a {@code FILE} or {@code DIR} parameter, else nothing (a name, a number, a URL).
 */
final class CompletionScript {

    private static final String NAME = "doks-auth";

    private CompletionScript() {
    }

    static String bash(CommandLine root) {
        return header("bash", "Install: doks-auth completion bash > ~/.local/share/bash-completion/completions/doks-auth")
                + tables(root) + COMMON + BASH;
    }

    static String zsh(CommandLine root) {
        return "#compdef " + NAME + "\n"
                + header("zsh", "Install: doks-auth completion zsh > DIR/_doks-auth, DIR a directory on fpath (before compinit)")
                + tables(root) + COMMON + ZSH;
    }

    private static String header(String shell, String install) {
        return "# " + shell + " completion for doks-auth, written by 'doks-auth completion " + shell + "'.\n"
                + "# Static: completing never runs doks-auth. Write it again after an upgrade that adds options.\n"
                + "# " + install + "\n";
    }

    /** Four functions that answer, for a command path such as 'kubeconfig save', what the command line holds. */
    private static String tables(CommandLine root) {
        StringBuilder commands = new StringBuilder();
        StringBuilder options = new StringBuilder();
        StringBuilder values = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        walk("", root, commands, options, values, arguments);
        return function("__doks_auth_commands", "the subcommands of the command path $1", "$1", commands)
                + function("__doks_auth_options", "the options of the command path $1", "$1", options)
                + function("__doks_auth_value", "what follows option $2 of $1: files, words WORD..., text; "
                        + "nothing for a flag", "$1|$2", values)
                + function("__doks_auth_arguments", "what the arguments of $1 can be, as __doks_auth_value says",
                        "$1", arguments);
    }

    private static void walk(String path, CommandLine command, StringBuilder commands, StringBuilder options,
                             StringBuilder values, StringBuilder arguments) {
        CommandSpec spec = command.getCommandSpec();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                names.add(sub.getKey());
            }
        }
        if (!names.isEmpty()) {
            line(commands, path, String.join(" ", names));
        }
        List<String> optionNames = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            optionNames.addAll(List.of(option.names()));
            if (option.arity().max() > 0) {
                for (String name : option.names()) {
                    line(values, path + "|" + name, valueOf(option));
                }
            }
        }
        line(options, path, String.join(" ", optionNames));
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.completionCandidates() != null) {
                line(arguments, path, valueOf(positional));
            }
        }
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            walk(path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), sub.getValue(), commands, options, values,
                    arguments);
        }
    }

    private static String valueOf(ArgSpec arg) {
        if (arg.completionCandidates() != null) {
            List<String> words = new ArrayList<>();
            arg.completionCandidates().forEach(words::add);
            return "words " + String.join(" ", words);
        }
        Class<?> type = arg.type();
        String label = arg.paramLabel();
        if (type == File.class || type == Path.class || label.contains("FILE") || label.contains("DIR")) {
            return "files";
        }
        return "text";
    }

    private static void line(StringBuilder table, String key, String value) {
        table.append("        ").append(quote(key)).append(") __doks_auth_r=").append(quote(value)).append(" ;;\n");
    }

    private static String function(String name, String what, String key, StringBuilder cases) {
        return "\n# Sets __doks_auth_r to " + what + ".\n"
                + name + "() {\n"
                + "    case \"" + key + "\" in\n"
                + cases
                + "        *) __doks_auth_r='' ;;\n"
                + "    esac\n"
                + "}\n";
    }

    /** Single-quoted for sh: every character literal. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Shell code both shells run: which command the words name, and what the word being typed can be. */
    private static final String COMMON = """

            # Reads the words between the program name and the cursor. Sets __doks_auth_path (the command,
            # such as 'kubeconfig save'), __doks_auth_help (1 after 'help') and __doks_auth_option (an option
            # whose value is being typed).
            __doks_auth_walk() {
                __doks_auth_path=''
                __doks_auth_help=''
                __doks_auth_option=''
                local word
                for word in "$@"; do
                    if [ -n "$__doks_auth_option" ]; then
                        __doks_auth_option=''
                        continue
                    fi
                    case "$word" in
                        --*=*) ;;
                        -*)
                            __doks_auth_value "$__doks_auth_path" "$word"
                            [ -z "$__doks_auth_r" ] || __doks_auth_option="$word" ;;
                        *)
                            __doks_auth_commands "$__doks_auth_path"
                            case " $__doks_auth_r " in
                                *" $word "*)
                                    if [ "$word" = help ] && [ -z "$__doks_auth_help" ]; then
                                        __doks_auth_help=1
                                    else
                                        __doks_auth_path="${__doks_auth_path:+$__doks_auth_path }$word"
                                    fi ;;
                            esac ;;
                    esac
                done
            }

            # Turns a value description (files, words WORD..., text) into __doks_auth_kind and __doks_auth_r.
            __doks_auth_kind_of() {
                case "$__doks_auth_r" in
                    files) __doks_auth_kind=files; __doks_auth_r='' ;;
                    'words '*) __doks_auth_kind=words; __doks_auth_r="${__doks_auth_r#words }" ;;
                    *) __doks_auth_kind=none; __doks_auth_r='' ;;
                esac
            }

            # What the word being typed ($1) can be, after __doks_auth_walk: __doks_auth_kind is files, words
            # (then __doks_auth_r holds them) or none.
            __doks_auth_candidates() {
                if [ -n "$__doks_auth_option" ]; then
                    __doks_auth_value "$__doks_auth_path" "$__doks_auth_option"
                    __doks_auth_kind_of
                    return
                fi
                case "$1" in
                    --*=*)
                        __doks_auth_value "$__doks_auth_path" "${1%%=*}"
                        __doks_auth_kind_of
                        return ;;
                    -*)
                        __doks_auth_options "$__doks_auth_path"
                        __doks_auth_kind=words
                        return ;;
                esac
                __doks_auth_commands "$__doks_auth_path"
                if [ -n "$__doks_auth_help" ]; then
                    __doks_auth_r=" $__doks_auth_r "
                    __doks_auth_r="${__doks_auth_r/ help / }"
                    __doks_auth_kind=words
                    return
                fi
                if [ -n "$__doks_auth_r" ]; then
                    __doks_auth_kind=words
                    return
                fi
                __doks_auth_arguments "$__doks_auth_path"
                if [ -n "$__doks_auth_r" ]; then
                    __doks_auth_kind_of
                    return
                fi
                __doks_auth_options "$__doks_auth_path"
                __doks_auth_kind=words
            }
            """;

    private static final String BASH = """

            _doks_auth() {
                # bash splits --option=value at '=' (COMP_WORDBREAKS): join the pieces again.
                local -a words=()
                local i word last
                for ((i = 1; i <= COMP_CWORD; i++)); do
                    word="${COMP_WORDS[i]}"
                    last=$((${#words[@]} - 1))
                    if ((last >= 0)) && [[ "$word" == "=" || "${words[last]}" == *= ]]; then
                        words[last]+="$word"
                    else
                        words+=("$word")
                    fi
                done
                last=$((${#words[@]} - 1))
                local cur="${words[last]}"
                __doks_auth_walk "${words[@]:0:last}"
                __doks_auth_candidates "$cur"
                # The text bash replaces is what follows the '=' of --option=value.
                [[ "$cur" == -*=* && -z "$__doks_auth_option" ]] && cur="${cur#*=}"
                local IFS=$'\\n'
                case "$__doks_auth_kind" in
                    files)
                        compopt -o filenames 2>/dev/null
                        COMPREPLY=($(compgen -f -- "$cur")) ;;
                    words)
                        IFS=$' \\t\\n'
                        COMPREPLY=($(compgen -W "$__doks_auth_r" -- "$cur")) ;;
                    *) COMPREPLY=() ;;
                esac
            }

            complete -F _doks_auth doks-auth
            """;

    private static final String ZSH = """

            _doks-auth() {
                local cur="${words[CURRENT]}"
                __doks_auth_walk "${(@)words[2,CURRENT-1]}"
                __doks_auth_candidates "$cur"
                [[ "$cur" == -*=* && -z "$__doks_auth_option" ]] && compset -P '*='
                case "$__doks_auth_kind" in
                    files) _files ;;
                    words) compadd -- ${=__doks_auth_r} ;;
                    *) return 1 ;;
                esac
            }

            # From fpath this file is the body of _doks-auth: run the function it has just defined.
            # Sourced (source <(doks-auth completion zsh)), it registers the function instead.
            if [ "${funcstack[1]}" = "_doks-auth" ]; then
                _doks-auth "$@"
            else
                compdef _doks-auth doks-auth
            fi
            """;
}
