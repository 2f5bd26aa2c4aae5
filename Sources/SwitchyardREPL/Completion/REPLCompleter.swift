import Foundation
import Switchyard

/// Tab completion for the REPL: backslash commands after `\`, backend names after `@`
/// and `\use`, file names after `\i`, `\o` and `\e`, `\copy`'s arguments, `\watch`'s
/// `i=` and `c=`, and in SQL the tables of the current
/// backend, the columns of the tables the statement names (all columns when it names
/// none), and keywords. On a backend whose language is not SQL (MongoDB) it offers
/// that language's words, `db.<collection>` names and the collections' fields.
///
/// It reads a ``CompletionCatalog`` snapshot, so it answers without touching a database.
public struct REPLCompleter: LineCompleter {
    let catalog: CompletionCatalog
    let backendNames: @Sendable () -> [String]
    private let language: @Sendable () -> (any QueryLanguageSupport)?
    let currentBackend: @Sendable () -> String?

    /// - Parameters:
    ///   - catalog: the current backend's tables and columns.
    ///   - backendNames: the names of the open backends, asked at each completion.
    ///   - language: the current backend's language when it is not SQL, asked at each completion.
    ///   - currentBackend: the name of the backend `catalog` describes, asked at each completion:
    ///     `\copy @NAME TABLE` completes tables only when NAME is that backend.
    public init(
        catalog: CompletionCatalog, backendNames: @escaping @Sendable () -> [String],
        language: @escaping @Sendable () -> (any QueryLanguageSupport)? = { nil },
        currentBackend: @escaping @Sendable () -> String? = { nil }
    ) {
        self.catalog = catalog
        self.backendNames = backendNames
        self.language = language
        self.currentBackend = currentBackend
    }

    public func complete(_ request: CompletionRequest) -> CompletionResult {
        let characters = Array(request.line)
        let cursor = min(max(0, request.cursor), characters.count)
        var start = cursor
        while start > 0, Self.isWordCharacter(characters[start - 1]) { start -= 1 }
        if start > 0, characters[start - 1] == "\\" || characters[start - 1] == "@" { start -= 1 }
        let word = String(characters[start..<cursor])
        let before = String(characters[..<start])
        let beforeTrimmed = before.trimmingWhitespace()
        let atStatementStart = beforeTrimmed.isEmpty && request.previousLines.allSatisfy { $0.trimmingWhitespace().isEmpty }

        func result(_ candidates: [String]) -> CompletionResult {
            CompletionResult(replaceFrom: start, candidates: Self.matching(word, in: candidates))
        }

        if word.hasPrefix("\\") && beforeTrimmed.isEmpty {
            return result(MetaCommand.names)
        }
        if request.previousLines.isEmpty, let command = Self.commandPrefix(characters) {
            guard cursor >= command.argumentStart else { return result([]) }
            return completeCommandArgument(
                command.name, argumentStart: command.argumentStart, word: word, start: start, cursor: cursor, request: request)
        }
        if word.hasPrefix("@") {
            return atStatementStart ? result(backendNames().map { "@" + $0 }) : result([])
        }
        if let support = language() {
            return result(otherLanguageCandidates(word: word, support: support, request: request))
        }
        return result(sqlCandidates(word: word, before: before, request: request))
    }

    /// The backslash command a line starts with, and where its argument starts.
    private static func commandPrefix(_ characters: [Character]) -> (name: String, argumentStart: Int)? {
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count, characters[index] == "\\" else { return nil }
        let nameStart = index
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        guard index < characters.count else { return nil }  // still typing the command's name
        let name = String(characters[nameStart..<index])
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        return (name, index)
    }

    private func completeCommandArgument(
        _ name: String, argumentStart: Int, word: String, start: Int, cursor: Int, request: CompletionRequest
    ) -> CompletionResult {
        let characters = Array(request.line)
        let typedBefore = String(characters[min(argumentStart, start)..<start])
        let isFirstArgument = typedBefore.allSatisfy { !$0.isWhitespace }
        let candidates: [String]
        switch name {
        case "\\use", "\\c", "\\connect":
            candidates = isFirstArgument ? backendNames() : []
        case "\\d":
            candidates = isFirstArgument ? catalog.all.map(\.name) : []
        case "\\format":
            candidates = isFirstArgument ? OutputFormat.allCases.map(\.rawValue) : []
        case "\\x", "\\timing":
            candidates = isFirstArgument ? ["on", "off"] : []
        case "\\limit", "\\timeout":
            candidates = isFirstArgument ? ["off"] : []
        case "\\i", "\\include", "\\o", "\\out", "\\e", "\\edit":
            // The argument is the rest of the line, so a file name may hold spaces.
            let typed = String(characters[min(argumentStart, cursor)..<cursor])
            return CompletionResult(replaceFrom: min(argumentStart, cursor), candidates: Self.fileNames(startingWith: typed))
        case "\\watch":
            // `i=` and `c=` start a word; after `i=` itself nothing is offered (a `c=` there would glue on).
            let startsAWord = start <= argumentStart || characters[start - 1].isWhitespace
            let given = typedBefore.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
            candidates = startsAWord ? ["i=", "c="].filter { key in !given.contains { $0.hasPrefix(key) } } : []
        case "\\route":
            return completeStatement(request, from: argumentStart, cursor: cursor)
        case "\\copy":
            return completeCopyArgument(request, argumentStart: argumentStart, cursor: cursor)
        default:
            candidates = []
        }
        return CompletionResult(replaceFrom: start, candidates: Self.matching(word, in: candidates))
    }

    /// Tables after FROM/JOIN/INTO/UPDATE; otherwise columns, tables and keywords.
    private func sqlCandidates(word: String, before: String, request: CompletionRequest) -> [String] {
        let objects = catalog.all
        let statement = (request.previousLines + [request.line]).joined(separator: "\n")
        let aliases = Self.tableReferences(in: statement, objects: objects)

        if let dot = word.lastIndex(of: ".") {
            let qualifier = String(word[..<dot])
            let table = aliases[qualifier.lowercased()] ?? catalog.object(named: qualifier)
            if let table { return table.columns.map { "\(qualifier).\($0.name)" } }
            // `public.cu`: the tables of a schema (PostgreSQL).
            return objects.filter { $0.schema?.lowercased() == qualifier.lowercased() }.map { "\(qualifier).\($0.name)" }
        }

        let previousWords = (request.previousLines.joined(separator: "\n") + "\n" + before)
            .split { !Self.isWordCharacter($0) }
        let previous = previousWords.last.map { $0.uppercased() } ?? ""
        // Schema names too (PostgreSQL), so `public.` can be typed and completed further.
        var schemas: [String] = []
        for schema in objects.compactMap(\.schema) where !schemas.contains(schema) { schemas.append(schema) }
        let tables = objects.map(\.name) + schemas
        if SQLKeywords.beforeTable.contains(previous) { return tables }

        let named = Set(aliases.values.map(\.name))
        let columnSource = named.isEmpty ? objects : objects.filter { named.contains($0.name) }
        let columns = columnSource.flatMap { $0.columns.map(\.name) }
        guard !word.isEmpty else { return columns + tables }
        return columns + tables + Self.inCaseTyped(SQLKeywords.all, word)
    }

    /// A statement that starts at `offset` in the line (after `\route`, after `\copy … FROM`),
    /// completed as if typed at the prompt.
    func completeStatement(_ request: CompletionRequest, from offset: Int, cursor: Int) -> CompletionResult {
        let characters = Array(request.line)
        let inner = complete(CompletionRequest(line: String(characters[offset...]), cursor: cursor - offset))
        return CompletionResult(replaceFrom: inner.replaceFrom + offset, candidates: inner.candidates)
    }

    /// `keywords` (upper case) in lower case when `word` is typed in lower case.
    static func inCaseTyped(_ keywords: [String], _ word: String) -> [String] {
        let lowerCase = word.contains { $0.isLowercase } && !word.contains { $0.isUppercase }
        return lowerCase ? keywords.map { $0.lowercased() } : keywords
    }

    /// Table names and aliases used in `statement`, lower-cased, mapped to their objects.
    static func tableReferences(in statement: String, objects: [CatalogObject]) -> [String: CatalogObject] {
        let catalog = Catalog(objects: objects)
        let words = SQLTokenizer(statement).filter { $0.kind == .word || $0.kind == .quoted }.map { token in
            token.kind == .quoted ? String(token.text.dropFirst().dropLast()) : String(token.text)
        }
        var references: [String: CatalogObject] = [:]
        for (i, word) in words.enumerated() {
            guard let object = catalog.object(named: word) else { continue }
            references[word.lowercased()] = object
            var next = i + 1
            if next < words.count, words[next].uppercased() == "AS" { next += 1 }
            if next < words.count, !SQLKeywords.lookup.contains(words[next].uppercased()),
                catalog.object(named: words[next]) == nil
            {
                references[words[next].lowercased()] = object
            }
        }
        return references
    }

    /// The files and directories (these ending with `/`) whose path starts with `typed`, sorted;
    /// hidden ones only when `typed` names one.
    static func fileNames(startingWith typed: String) -> [String] {
        let directoryPart = typed.lastIndex(of: "/").map { String(typed[...$0]) } ?? ""
        let namePart = String(typed.dropFirst(directoryPart.count))
        let expanded = directoryPart.hasPrefix("~/")
            ? FileManager.default.homeDirectoryForCurrentUser.path + "/" + directoryPart.dropFirst(2) : directoryPart
        let directory = expanded.isEmpty ? FileManager.default.currentDirectoryPath : expanded
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasPrefix(namePart) && ($0.hasPrefix(".") == namePart.hasPrefix(".")) }
            .map { entry -> String in
                var isDirectory: ObjCBool = false
                let path = (directory as NSString).appendingPathComponent(entry)
                let suffix = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? "/" : ""
                return directoryPart + entry + suffix
            }
            .sorted()
    }

    /// Candidates starting with `word` (ignoring case), without duplicates, sorted.
    static func matching(_ word: String, in candidates: [String]) -> [String] {
        let lower = word.lowercased()
        var seen: Set<String> = []
        return candidates.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }
            .sorted { $0.lowercased() == $1.lowercased() ? $0 < $1 : $0.lowercased() < $1.lowercased() }
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "$" || c == "."
    }
}
