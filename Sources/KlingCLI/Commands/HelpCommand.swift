enum HelpCommand {
    static func overview(_ commands: [CommandSpec]) -> String {
        var text = """
        klingreg \(CLI.version): what is known about the Kling API, how it is known, and what is still open.

        usage: klingreg <command> [options] [--root DIR]

        commands:

        """
        let rows = commands.map { ($0.name, $0.summary) } + [("help [COMMAND]", "this text, or one command's options"), ("--version", "the version")]
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        for (name, summary) in rows {
            text += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + summary + "\n"
        }
        text += """

        exit codes: 0 clean · 1 findings (errors, open items under --strict, NO-GO, stale files) · 2 cannot run (arguments, unreadable input, a repository that does not load)

        """
        return text
    }

    static func usage(_ command: CommandSpec) -> String {
        var text = "usage: klingreg \(command.usage)\n\n\(command.summary)\n\noptions:\n"
        let options = command.options + [CommandSpec.rootOption]
        let width = (options.map { label($0).count }.max() ?? 0) + 2
        for option in options {
            text += "  " + label(option).padding(toLength: width, withPad: " ", startingAt: 0) + option.help + "\n"
        }
        if !command.details.isEmpty { text += "\n" + command.details + (command.details.hasSuffix("\n") ? "" : "\n") }
        return text
    }

    private static func label(_ option: OptionSpec) -> String {
        switch option.kind {
        case .flag: return option.name
        case .value(let placeholder, _): return "\(option.name) \(placeholder)"
        case .values(let placeholder): return "\(option.name) \(placeholder)…"
        }
    }
}
