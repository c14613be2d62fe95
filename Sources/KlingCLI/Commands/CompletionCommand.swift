import Foundation
import KlingRuntime

/// `klingreg completion bash|zsh`: a completion script written from the command
/// table itself, so a new command or option completes without editing a script.
enum CompletionCommand {
    static let shells = ["bash", "zsh"]

    static let spec = CommandSpec(
        name: "completion",
        summary: "a shell completion script for bash or zsh, from the command table",
        usage: "completion bash|zsh",
        options: [],
        positionals: .init(minimum: 1, maximum: 1),
        run: run,
        details: """
        bash:  source <(klingreg completion bash)        (or save it under ~/.local/share/bash-completion/completions/klingreg)
        zsh:   klingreg completion zsh > "${fpath[1]}/_klingreg"   then restart zsh (compinit)
        """
    )

    static func run(_ invocation: Invocation) -> ExitCode {
        let shell = invocation.arguments.positionals[0]
        switch shell {
        case "bash": invocation.console.out(bash(CLI.commands))
        case "zsh": invocation.console.out(zsh(CLI.commands))
        default:
            var message = "completion: no shell '\(shell)'; one of \(shells.joined(separator: ", "))"
            if let near = Suggestion.closest(to: shell, among: shells) { message += "; did you mean '\(near)'?" }
            invocation.console.error(message)
            return .failure
        }
        return .success
    }

    static func names(_ commands: [CommandSpec]) -> [String] { commands.map(\.name) + ["help"] }

    static func options(_ command: CommandSpec) -> [OptionSpec] { command.options + [CommandSpec.rootOption] }

    static func bash(_ commands: [CommandSpec]) -> String {
        var text = """
        # bash completion for klingreg, written by `klingreg completion bash`
        _klingreg() {
            local cur prev words cword
            cur="${COMP_WORDS[COMP_CWORD]}"
            prev="${COMP_WORDS[COMP_CWORD-1]}"
            if [ "$COMP_CWORD" -eq 1 ]; then
                COMPREPLY=($(compgen -W "\(names(commands).joined(separator: " ")) --version" -- "$cur"))
                return
            fi
            case "${COMP_WORDS[1]}" in

        """
        for command in commands {
            text += "        \(command.name))\n            case \"$prev\" in\n"
            for option in options(command) {
                if case .value(_, let allowed?) = option.kind { text += "                \(option.name)) COMPREPLY=($(compgen -W \"\(allowed.joined(separator: " "))\" -- \"$cur\")); return ;;\n" }
                if case .value(_, nil) = option.kind { text += "                \(option.name)) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n" }
            }
            text += "            esac\n"
            let optionNames = options(command).map(\.name).joined(separator: " ")
            text += "            if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"\(optionNames)\" -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n            ;;\n"
        }
        text += """
            help) COMPREPLY=($(compgen -W "\(commands.map(\.name).joined(separator: " "))" -- "$cur")) ;;
            esac
        }
        complete -o filenames -F _klingreg klingreg

        """
        return text
    }

    static func zsh(_ commands: [CommandSpec]) -> String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "'\\''").replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]").replacingOccurrences(of: ":", with: "\\:") }
        var text = """
        #compdef klingreg
        # zsh completion for klingreg, written by `klingreg completion zsh`
        _klingreg() {
            local -a commands
            commands=(

        """
        for command in commands { text += "        '\(command.name):\(escape(command.summary))'\n" }
        text += """
                'help:one command's options'
            )
            if (( CURRENT == 2 )); then
                _describe 'command' commands
                return
            fi
            case "$words[2]" in

        """
        for command in commands {
            text += "        \(command.name))\n            _arguments \\\n"
            for option in options(command) {
                switch option.kind {
                case .flag: text += "                '\(option.name)[\(escape(option.help))]' \\\n"
                case .value(let placeholder, let allowed):
                    let action = allowed.map { "(\($0.joined(separator: " ")))" } ?? "_files"
                    text += "                '\(option.name)=[\(escape(option.help))]:\(escape(placeholder)):\(action)' \\\n"
                case .values(let placeholder):
                    text += "                '*\(option.name)=[\(escape(option.help))]:\(escape(placeholder)):_files' \\\n"
                }
            }
            text += "                '*:file:_files'\n            ;;\n"
        }
        text += """
            help) _describe 'command' commands ;;
            esac
        }
        _klingreg "$@"

        """
        return text
    }
}
