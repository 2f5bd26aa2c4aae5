/// A backend's connection string, split just enough to pick a driver and to show it
/// without secrets.
///
/// Switchyard accepts each database's usual URL forms (`sqlite:relative.db`,
/// `sqlite:///abs/path.db`, `postgres://user:pw@host/db?sslmode=require`,
/// `mongodb://…`); the driver interprets the rest.
public struct BackendURL: Sendable, Hashable, CustomStringConvertible {
    /// The full text as given. Contains secrets: never log it; use ``redacted``.
    public let text: String
    /// The lower-cased scheme, such as `sqlite` or `postgres`.
    public let scheme: String
    /// Everything after `scheme:` and before `?`.
    public let body: String
    /// The query-string options, in order, percent-decoded.
    public let options: [(name: String, value: String)]

    /// Parses `scheme:body[?name=value&…]`. Throws when there is no scheme.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"), colon > trimmed.startIndex,
            trimmed[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
            trimmed.first?.isLetter == true
        else {
            throw SwitchyardError(
                .invalidInput, "'\(BackendURL.redact(trimmed))' is not a backend URL: it needs a scheme such as sqlite:, postgres: or mongodb:",
                hint: "examples: sqlite:demo.db, sqlite:///tmp/a.db, sqlite::memory:")
        }
        self.text = trimmed
        self.scheme = trimmed[..<colon].lowercased()
        let rest = trimmed[trimmed.index(after: colon)...]
        if let q = rest.firstIndex(of: "?") {
            body = String(rest[..<q])
            options = rest[rest.index(after: q)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]).removingPercentEncoding ?? String(parts[0]),
                        parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : "")
            }
        } else {
            body = String(rest)
            options = []
        }
    }

    /// The value of option `name`, last one winning.
    public func option(_ name: String) -> String? {
        options.last { $0.name == name }?.value
    }

    /// The URL with any password (in `user:password@` or a secret-looking option) replaced by `***`.
    public var redacted: String { BackendURL.redact(text) }

    public var description: String { redacted }

    public static func == (a: BackendURL, b: BackendURL) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    static let secretOptions: Set<String> = ["password", "pass", "pwd", "secret", "token", "sslpassword", "apikey", "api_key"]

    /// Masks `user:password@` and secret-looking query options in any URL-like text.
    public static func redact(_ text: String) -> String {
        var out = text
        // The user information ends at the last `@` before the query; the password is what
        // follows its first `:`. Looking that far (not only to the next `/`) also masks
        // passwords holding a `/`, and text missing the scheme's `:` (`postgres//u:pw@h`).
        // A `?` before the `@` may belong to the password (`u:pa?ss@h`): when a `:` comes before
        // that `?`, take the last `@` anywhere (masking too much beats showing a password).
        let queryStart = out.firstIndex(of: "?") ?? out.endIndex
        if let slashes = out.range(of: "//") {
            let start = slashes.upperBound
            var at = out[start..<queryStart].lastIndex(of: "@")
            if at == nil, out[start..<queryStart].contains(":") { at = out[start...].lastIndex(of: "@") }
            if let at, let colon = out[start..<at].firstIndex(of: ":") {
                out.replaceSubrange(out.index(after: colon)..<at, with: "***")
            }
        }
        guard let q = out.firstIndex(of: "?") else { return out }
        let query = out[out.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, secretOptions.contains(parts[0].lowercased()) else { return String(pair) }
            return "\(parts[0])=***"
        }
        return out[...q] + query.joined(separator: "&")
    }
}
