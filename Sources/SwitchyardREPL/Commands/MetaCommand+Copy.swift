extension MetaCommand.CopyCommand {
    /// Reads `[@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT`; names may be quoted as in SQL.
    init(parsing text: String) throws(MetaCommandError) {
        var scanner = CopyScanner(text)
        let usage = "[@BACKEND] TABLE [(COLUMN, …)] FROM STATEMENT or FROM 'FILE.csv'"
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
        let from = scanner.word()
        guard !from.isEmpty || !scanner.isAtEnd else {
            throw .missingArgument(command: "\\copy", what: "FROM and a statement or a 'file' after the table (\(usage))")
        }
        guard from.uppercased() == "FROM" else {
            throw .invalidArgument(command: "\\copy", argument: from.isEmpty ? text : from, expected: "FROM after the table (\(usage))")
        }
        scanner.skipWhitespace()
        if scanner.take("'") {
            self.init(target: target, table: table, columns: columns, source: try Self.csvFile(&scanner, text: text))
            return
        }
        var source = scanner.rest().trimmingWhitespace()
        if source.hasSuffix(";") { source = String(source.dropLast()).trimmingWhitespace() }
        guard !source.isEmpty else { throw .missingArgument(command: "\\copy", what: "a statement or a 'file' after FROM (\(usage))") }
        self.init(target: target, table: table, columns: columns, source: .statement(source))
    }

    /// `PATH' [CSV] [HEADER [on|off]] [DELIMITER 'C']`, the opening quote read; psql's
    /// `WITH (FORMAT csv, HEADER, DELIMITER ';')` reads the same.
    private static func csvFile(_ scanner: inout CopyScanner, text: String) throws(MetaCommandError) -> Source {
        let options = "CSV, HEADER and DELIMITER 'C'"
        var unclosed = scanner
        guard let path = scanner.quotedRest() else {
            throw .missingArgument(command: "\\copy", what: "a single quote closing the file name: FROM '\(unclosed.rest())'")
        }
        guard !path.isEmpty else {
            throw .missingArgument(command: "\\copy", what: "a file name in the single quotes: FROM 'people.csv'")
        }
        var (header, delimiter): (Bool, Character) = (false, ",")
        while true {
            scanner.skipWhitespace()
            if scanner.take("(") || scanner.take(")") || scanner.take(",") || scanner.take(";") { continue }
            let typed = scanner.word()
            switch typed.lowercased() {
            case "": return .csvFile(path: path, header: header, delimiter: delimiter)
            case "with", "csv": continue
            case "format":
                scanner.skipWhitespace()
                guard scanner.word().lowercased() == "csv" else {
                    throw .invalidArgument(command: "\\copy", argument: text, expected: "FORMAT csv: CSV is the one format read")
                }
            case "header":
                header = true
                scanner.skipWhitespace()
                var lookahead = scanner
                switch lookahead.word().lowercased() {
                case "true", "on", "1": scanner = lookahead
                case "false", "off", "0": (header, scanner) = (false, lookahead)
                default: break
                }
            case "delimiter":
                scanner.skipWhitespace()
                _ = scanner.take("E") || scanner.take("e")  // E'\t', as psql's users write a tab
                guard scanner.take("'"), let quoted = scanner.quotedRest(), let character = Self.delimiter(quoted) else {
                    throw .invalidArgument(
                        command: "\\copy", argument: text, expected: "DELIMITER and one character in single quotes: DELIMITER ';' (or '\\t' for a tab)")
                }
                delimiter = character
            default:
                throw .invalidArgument(command: "\\copy", argument: typed, expected: "a CSV option: \(options)")
            }
        }
    }
}

extension MetaCommand.CopyCommand {
    /// The one character `text` (a DELIMITER's, between its quotes) stands for: itself, or a
    /// tab for `\t`.
    fileprivate static func delimiter(_ text: String) -> Character? {
        if text == "\\t" { return "\t" }
        return text.count == 1 ? text.first : nil
    }
}

/// Reads `\copy`'s words: names quoted as in SQL (`"a b"`, doubled quotes inside) stay whole.
/// Tab completion reads a line being typed with it too, so both agree on where a word ends.
struct CopyScanner {
    private let characters: [Character]
    /// How many characters have been read.
    private(set) var index = 0

    init(_ text: String) { characters = Array(text) }

    /// Everything has been read.
    var isAtEnd: Bool { index >= characters.count }

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
            if !quoted, character.isWhitespace || character == "(" || character == ")" || character == "," || character == ";" { break }
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

    /// The rest of a single-quoted string whose opening quote was read, `''` standing for a
    /// quote; `nil` when it is not closed.
    mutating func quotedRest() -> String? {
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            guard character == "'" else {
                text.append(character)
                continue
            }
            guard take("'") else { return text }
            text.append("'")
        }
        return nil
    }

    mutating func rest() -> String {
        defer { index = characters.count }
        return String(characters[index...])
    }
}
