import Switchyard

extension REPLCompleter {
    /// `\copy [@BACKEND] TABLE [(COLUMN, …)] FROM …` up to the cursor: backend names after `@`;
    /// the target's tables and, in the list, its columns; `FROM`; then the statement, as at the
    /// prompt, or a file name in single quotes and the CSV options after it.
    ///
    /// Tables and columns come only when the target is the current backend: the snapshot holds
    /// no other backend's, and another's names would be wrong.
    func completeCopyArgument(_ request: CompletionRequest, argumentStart: Int, cursor: Int) -> CompletionResult {
        let characters = Array(request.line)
        var scanner = CopyScanner(String(characters[argumentStart..<cursor]))
        /// The candidates matching what is typed from `position` (in the argument) to the cursor.
        func offer(_ candidates: [String], from position: Int) -> CompletionResult {
            let word = String(characters[(argumentStart + position)..<cursor])
            return CompletionResult(replaceFrom: argumentStart + position, candidates: Self.matching(word, in: candidates))
        }
        let nothing = CompletionResult(replaceFrom: cursor, candidates: [])

        scanner.skipWhitespace()
        var target: String?
        if scanner.take("@") {
            let at = scanner.index - 1
            target = scanner.word()
            if scanner.isAtEnd { return offer(backendNames().map { "@" + $0 }, from: at) }
            scanner.skipWhitespace()
        }
        let objects = target == nil || target == currentBackend() ? catalog.all : []
        let tableStart = scanner.index
        let table = scanner.word()
        if scanner.isAtEnd { return offer(objects.map(\.name), from: tableStart) }
        scanner.skipWhitespace()
        if scanner.take("(") {
            let columns = Catalog(objects: objects).object(identifiedBy: table)?.columns.map(\.name) ?? []
            while true {
                scanner.skipWhitespace()
                let columnStart = scanner.index
                _ = scanner.word()
                if scanner.isAtEnd { return offer(columns, from: columnStart) }
                scanner.skipWhitespace()
                if scanner.take(")") { break }
                guard scanner.take(",") else { return nothing }
            }
            scanner.skipWhitespace()
        }
        let keywordStart = scanner.index
        let keyword = scanner.word()
        if scanner.isAtEnd { return offer(Self.inCaseTyped(["FROM"], keyword), from: keywordStart) }
        guard keyword.uppercased() == "FROM" else { return nothing }
        scanner.skipWhitespace()
        let sourceStart = scanner.index
        guard scanner.take("'") else { return completeStatement(request, from: argumentStart + sourceStart, cursor: cursor) }
        guard scanner.quotedRest() != nil else {
            // Inside the quotes: file names, the quote closed after a file (not after a directory).
            let typed = String(characters[(argumentStart + sourceStart + 1)..<cursor]).replacing("''", with: "'")
            let files = Self.fileNames(startingWith: typed).map { name in
                "'" + name.replacing("'", with: "''") + (name.hasSuffix("/") ? "" : "'")
            }
            return CompletionResult(replaceFrom: argumentStart + sourceStart, candidates: files)
        }
        var given: [String] = []
        while true {
            scanner.skipWhitespace()
            if scanner.take("(") || scanner.take(")") || scanner.take(",") || scanner.take(";") { continue }
            let optionStart = scanner.index
            let option = scanner.word()
            if scanner.isAtEnd {
                let options = ["CSV", "HEADER", "DELIMITER"].filter { !given.contains($0) }
                return offer(Self.inCaseTyped(options, option), from: optionStart)
            }
            given.append(option.uppercased())
            scanner.skipWhitespace()
            // The delimiter's quoted character (it may be a space or a comma) comes next: nothing to offer.
            if option.uppercased() == "DELIMITER" {
                guard !scanner.isAtEnd, !scanner.take("'") || scanner.quotedRest() != nil else { return nothing }
            }
        }
    }
}
