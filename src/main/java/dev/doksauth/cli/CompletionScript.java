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
 * Shell completion for bash, zsh and fish, as static text: the command tree, options and option values are
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

    static String fish(CommandLine root) {
        Tables tables = Tables.of(root);
        return header("fish", "Install: doks-auth completion fish > ~/.config/fish/completions/doks-auth.fish")
                + fishFunction("__doks_auth_commands", "the subcommands of the command path $argv[1]", tables.commands())
                + fishFunction("__doks_auth_options", "the options of the command path $argv[1]", tables.options())
                + fishFunction("__doks_auth_value", "what follows option OPTION of PATH, given as PATH|OPTION: files, "
                        + "words WORD..., text; nothing for a flag", tables.values())
                + fishFunction("__doks_auth_arguments", "what the arguments of $argv[1] can be, as __doks_auth_value says",
                        tables.arguments())
                + FISH;
    }

    /** A fish function that prints the value of its one argument's key, or an empty line. */
    private static String fishFunction(String name, String what, List<Tables.Entry> entries) {
        StringBuilder out = new StringBuilder("\n# Prints " + what + ".\nfunction " + name + "\n    switch $argv[1]\n");
        for (Tables.Entry entry : entries) {
            // A case pattern: fish reads * ? [ as wildcards there even when quoted; no key has them.
            out.append("        case ").append(fishQuote(entry.key())).append("\n            echo ")
                    .append(fishQuote(entry.value())).append("\n");
        }
        return out.append("        case '*'\n            echo ''\n    end\nend\n").toString();
    }

    /** Single-quoted for fish, where \\ and \' are the only escapes. */
    static String fishQuote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String header(String shell, String install) {
        return "# " + shell + " completion for doks-auth, written by 'doks-auth completion " + shell + "'.\n"
                + "# Static: completing never runs doks-auth. Write it again after an upgrade that adds options.\n"
                + "# " + install + "\n";
    }

    /**
     * What completion knows, for each command path such as 'kubeconfig save' (the root is ''): its subcommands,
     * its options, what follows each option that takes a value ({@code path|option}), and what its arguments can be.
     * A value is {@code files}, {@code words WORD...} or {@code text}. Every shell's script is written from it.
     */
    record Tables(List<Entry> commands, List<Entry> options, List<Entry> values, List<Entry> arguments) {

        record Entry(String key, String value) {
        }

        static Tables of(CommandLine root) {
            Tables tables = new Tables(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            tables.walk("", root);
            return tables;
        }

        private void walk(String path, CommandLine command) {
            CommandSpec spec = command.getCommandSpec();
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
                if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                    names.add(sub.getKey());
                }
            }
            if (!names.isEmpty()) {
                commands.add(new Entry(path, String.join(" ", names)));
            }
            List<String> optionNames = new ArrayList<>();
            for (OptionSpec option : spec.options()) {
                if (option.hidden()) {
                    continue;
                }
                optionNames.addAll(List.of(option.names()));
                if (option.arity().max() > 0) {
                    for (String name : option.names()) {
                        values.add(new Entry(path + "|" + name, valueOf(option)));
                    }
                }
            }
            options.add(new Entry(path, String.join(" ", optionNames)));
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                if (positional.completionCandidates() != null) {
                    arguments.add(new Entry(path, valueOf(positional)));
                }
            }
            for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
                walk(path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), sub.getValue());
            }
        }
    }

    /** Four sh functions that answer, for a command path such as 'kubeconfig save', what the command line holds. */
    private static String tables(CommandLine root) {
        Tables tables = Tables.of(root);
        return function("__doks_auth_commands", "the subcommands of the command path $1", "$1", tables.commands())
                + function("__doks_auth_options", "the options of the command path $1", "$1", tables.options())
                + function("__doks_auth_value", "what follows option $2 of $1: files, words WORD..., text; "
                        + "nothing for a flag", "$1|$2", tables.values())
                + function("__doks_auth_arguments", "what the arguments of $1 can be, as __doks_auth_value says",
                        "$1", tables.arguments());
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

    private static String function(String name, String what, String key, List<Tables.Entry> entries) {
        StringBuilder cases = new StringBuilder();
        for (Tables.Entry entry : entries) {
            cases.append("        ").append(quote(entry.key())).append(") __doks_auth_r=").append(quote(entry.value()))
                    .append(" ;;\n");
        }
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

    /** fish's own language for what COMMON does in sh: the same walk over the same tables. */
    private static final String FISH = """

            # Prints what the word being typed can be, for 'complete': walks the words before it the way the
            # bash and zsh scripts do (the command path, 'help', an option whose value is being typed).
            function __doks_auth_complete
                set -l words (commandline -opc)
                set -e words[1]
                set -l cur (commandline -ct)
                set -l path ''
                set -l help ''
                set -l option ''
                for word in $words
                    if test -n "$option"
                        set option ''
                        continue
                    end
                    switch $word
                        case '--*=*'
                        case '-*'
                            if test -n (__doks_auth_value "$path|$word")
                                set option $word
                            end
                        case '*'
                            if contains -- $word (string split ' ' -- (__doks_auth_commands "$path"))
                                if test "$word" = help -a -z "$help"
                                    set help 1
                                else if test -z "$path"
                                    set path $word
                                else
                                    set path "$path $word"
                                end
                            end
                    end
                end
                set -l prefix ''
                set -l r ''
                if test -n "$option"
                    set r (__doks_auth_value "$path|$option")
                else if string match -q -- '--*=*' "$cur"
                    set prefix (string replace -r '=.*' '=' -- "$cur")
                    set r (__doks_auth_value "$path|"(string replace -r '=.*' '' -- "$cur"))
                else if string match -q -- '-*' "$cur"
                    set r 'words '(__doks_auth_options "$path")
                else
                    set -l commands (__doks_auth_commands "$path")
                    if test -n "$help"
                        set r 'words '(string join ' ' -- (string split ' ' -- $commands | string match -v -- help))
                    else if test -n "$commands"
                        set r "words $commands"
                    else
                        set r (__doks_auth_arguments "$path")
                        if test -z "$r"
                            set r 'words '(__doks_auth_options "$path")
                        end
                    end
                end
                switch "$r"
                    case files
                        for file in (__fish_complete_path (string replace -r '^[^=]*=' '' -- "$cur"))
                            echo "$prefix$file"
                        end
                    case 'words *'
                        for word in (string split ' ' -- (string replace 'words ' '' -- "$r"))
                            if test -n "$word"
                                echo "$prefix$word"
                            end
                        end
                end
            end

            complete -c doks-auth -e
            complete -c doks-auth -f -a '(__doks_auth_complete)'
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
