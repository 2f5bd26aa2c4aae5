import ArgumentParser

/// One `[NAME=]URL` command-line argument.
///
/// A name is `[A-Za-z_][A-Za-z0-9_-]*` followed by `=`, before any `:` — so
/// `local=sqlite:app.db` is named `local`, while `sqlite:a=b.db` is a URL whose file
/// name happens to contain `=`.
struct BackendArgument: Hashable, ExpressibleByArgument {
    var name: String?
    var url: String

    init(name: String? = nil, url: String) {
        self.name = name
        self.url = url
    }

    init(parsing text: String) {
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":"), Self.isName(text[..<equals]) {
            name = String(text[..<equals])
            url = String(text[text.index(after: equals)...])
        } else {
            name = nil
            url = text
        }
    }

    init?(argument: String) {
        self.init(parsing: argument)
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
