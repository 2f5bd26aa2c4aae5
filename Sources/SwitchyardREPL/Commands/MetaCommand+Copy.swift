extension MetaCommand.CopyCommand {
    /// Reads `[@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT`; names may be quoted as in SQL.
    init(parsing text: String) throws(MetaCommandError) {
        var scanner = CopyScanner(text)
        let usage = "[@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT"
        scanner.skipWhitespace()
        var target: String?
        if scanner.take("@") {
            let name = scanner.word()
            guard !name.isEmpty else { throw .missingArgument(command: "\\copy", what: "a backend name after @ (\(usage))") }
            target = name
        }
        scanner.skipWhitespace()
        let table = scanner.word()
        guard !table.isEmpty, table.uppercased() != "FROM" else {
            throw .missingArgument(command: "\\copy", what: "a table to copy into (\(usage))")
        }
        scanner.skipWhitespace()
        var columns: [String]?
        if scanner.take("(") {
            guard let list = scanner.list(), !list.isEmpty, !list.contains(where: \.isEmpty) else {
                throw .invalidArgument(command: "\\copy", argument: text, expected: "a list of column names in parentheses: (a, b)")
            }
            columns = list
        }
        scanner.skipWhitespace()
        guard scanner.word().uppercased() == "FROM" else {
            throw .invalidArgument(command: "\\copy", argument: text, expected: usage)
        }
        var source = scanner.rest().trimmingWhitespace()
        if source.hasSuffix(";") { source = String(source.dropLast()).trimmingWhitespace() }
        guard !source.isEmpty else { throw .missingArgument(command: "\\copy", what: "a statement after FROM (\(usage))") }
        self.init(target: target, table: table, columns: columns, source: source)
    }
}

/// Reads `\copy`'s words: names quoted as in SQL (`"a b"`, doubled quotes inside) stay whole.
private struct CopyScanner {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) { characters = Array(text) }

    mutating func skipWhitespace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    /// Consumes `character` when it comes next.
    mutating func take(_ character: Character) -> Bool {
        guard index < characters.count, characters[index] == character else { return false }
        index += 1
        return true
    }

    /// Up to whitespace, `(`, `)` or `,` outside double quotes; quotes kept.
    mutating func word() -> String {
        var word = ""
        var quoted = false
        while index < characters.count {
            let character = characters[index]
            if character == "\"" { quoted.toggle() }
            if !quoted, character.isWhitespace || character == "(" || character == ")" || character == "," { break }
            word.append(character)
            index += 1
        }
        return word
    }

    /// The comma-separated words up to `)`; `nil` when the `)` is missing.
    mutating func list() -> [String]? {
        var items: [String] = []
        while true {
            skipWhitespace()
            items.append(word())
            skipWhitespace()
            if take(")") { return items }
            guard take(",") else { return nil }
        }
    }

    mutating func rest() -> String {
        defer { index = characters.count }
        return String(characters[index...])
    }
}
