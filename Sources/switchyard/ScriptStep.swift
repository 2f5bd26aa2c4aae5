/// One `-c STATEMENT` or `-f FILE`, in the order given on the command line (like psql,
/// `-f setup.sql -c 'SELECT …'` runs the file first).
enum ScriptStep: Equatable {
    case command(String)
    case file(String)

    /// The steps in command-line order. ArgumentParser hands each option's values over
    /// separately; the raw `arguments` tell how they interleave. Values the scan cannot
    /// place (unusual spellings such as `-cSELECT`) follow in their own order.
    static func ordered(commands: [String], files: [String], arguments: [String]) -> [ScriptStep] {
        var commands = commands[...]
        var files = files[...]
        var steps: [ScriptStep] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "-c", let next = commands.first, index + 1 < arguments.count, arguments[index + 1] == next {
                steps.append(.command(next))
                commands = commands.dropFirst()
                index += 2
            } else if argument == "-f", let next = files.first, index + 1 < arguments.count, arguments[index + 1] == next {
                steps.append(.file(next))
                files = files.dropFirst()
                index += 2
            } else {
                index += 1
            }
        }
        return steps + commands.map(ScriptStep.command) + files.map(ScriptStep.file)
    }
}
