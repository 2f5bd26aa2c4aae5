extension Catalog {
    /// The object a name written as in SQL identifies: a quoted part (`"Quoted Name"`,
    /// `public."Order Items"`) matches exactly, case kept, and a bare part matches
    /// case-insensitively. A name without quotes is looked up as by ``object(named:)``.
    ///
    /// Double quotes, backquotes and square brackets quote, as SQLite allows; inside quotes, a
    /// doubled quote stands for one and `.` is part of the name.
    public func object(identifiedBy reference: String) -> CatalogObject? {
        guard reference.contains(where: { $0 == "\"" || $0 == "`" || $0 == "[" }) else { return object(named: reference) }
        guard let parts = Self.identifierParts(reference), !parts.isEmpty, parts.count <= 2 else { return nil }
        let name = parts[parts.count - 1]
        let schema = parts.count == 2 ? parts[0] : nil
        return objects.first { object in
            name.matches(object.name) && (schema.map { object.schema.map($0.matches) ?? false } ?? true)
        }
    }

    /// One part of a dotted name: quoted (matched exactly) or bare (matched ignoring case).
    private struct IdentifierPart {
        var text: String
        var isQuoted: Bool

        func matches(_ candidate: String) -> Bool {
            isQuoted ? candidate == text : candidate.lowercased() == text.lowercased()
        }
    }

    /// `a."B c"` as its parts; `nil` when the text is not a dotted name (an unclosed quote, a string).
    private static func identifierParts(_ reference: String) -> [IdentifierPart]? {
        var parts: [IdentifierPart] = []
        var current: IdentifierPart?
        func endPart() -> Bool {
            guard var part = current else { return false }
            while part.text.last?.isWhitespace == true { part.text.removeLast() }
            parts.append(part)
            current = nil
            return true
        }
        for token in SQLTokenizer(reference) {
            switch token.kind {
            case .punctuation where token.text == ".":
                guard endPart() else { return nil }
            case .quoted:
                guard current == nil, let text = token.unquoted, token.text.first != "'" else { return nil }
                current = IdentifierPart(text: text, isQuoted: true)
            case .whitespace:
                // Around a part it does not count; inside a bare one it does, as object(named:) matched it.
                if current?.isQuoted == false { current?.text += token.text }
            case .word, .punctuation:
                guard current?.isQuoted != true else { return nil }
                current = IdentifierPart(text: (current?.text ?? "") + token.text, isQuoted: false)
            case .comment, .unterminated:
                return nil
            }
        }
        return endPart() ? parts : nil
    }
}
