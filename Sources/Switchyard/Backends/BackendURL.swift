/// A backend's connection string, split just enough to pick a driver and to show it
/// without secrets.
///
/// Switchyard accepts each database's usual URL forms (`sqlite:relative.db`,
/// `sqlite:///abs/path.db`, `postgres://user:pw@host/db?sslmode=require`,
/// `mongodb://…`); the driver interprets the rest.
public struct BackendURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
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

    /// The redacted URL too (`String(reflecting:)`, `debugPrint`).
    public var debugDescription: String { redacted }

    /// What `dump`, debuggers and string interpolation of containing values show: the
    /// redacted URL and the scheme, never ``text``, ``body`` or secret options.
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": redacted, "scheme": scheme], displayStyle: .struct)
    }

    public static func == (a: BackendURL, b: BackendURL) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Whether a query option's value is a secret: its name says password, secret, token or key
    /// (`sslpassword`, `tlsCertificateKeyFilePassword`, `apiKey`), or it is MongoDB's
    /// `authMechanismProperties`, which carries cloud credentials (`AWS_SESSION_TOKEN:…`).
    static func isSecretOption(_ name: some StringProtocol) -> Bool {
        let name = name.lowercased()
        return name == "pass" || name == "authmechanismproperties"
            || ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "credential"].contains { name.contains($0) }
    }

    /// Where the password of `user:password@` is in URL-like `text`, if it has one.
    ///
    /// The user information ends at the last `@` before the query; the password is what
    /// follows its first `:`. Looking that far (not only to the next `/`) also finds
    /// passwords holding a `/`, and text missing the scheme's `:` (`postgres//u:pw@h`).
    /// A `?` before the `@` may belong to the password (`u:pa?ss@h`): when a `:` comes before
    /// that `?`, take the last `@` anywhere (masking too much beats showing a password).
    static func passwordRange(in text: String) -> Range<String.Index>? {
        guard let slashes = text.range(of: "//") else { return nil }
        let queryStart = text.firstIndex(of: "?") ?? text.endIndex
        let start = slashes.upperBound
        guard start <= queryStart else { return nil }
        var at = text[start..<queryStart].lastIndex(of: "@")
        if at == nil, text[start..<queryStart].contains(":") { at = text[start...].lastIndex(of: "@") }
        guard let at, let colon = text[start..<at].firstIndex(of: ":") else { return nil }
        return text.index(after: colon)..<at
    }

    /// Masks `user:password@` and secret-looking query options in any URL-like text.
    public static func redact(_ text: String) -> String {
        var out = text
        if let password = passwordRange(in: out) { out.replaceSubrange(password, with: "***") }
        guard let q = out.firstIndex(of: "?") else { return out }
        let query = out[out.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, isSecretOption(parts[0]) else { return String(pair) }
            return "\(parts[0])=***"
        }
        return out[...q] + query.joined(separator: "&")
    }

    /// `message` — a library's error about this URL, say — with this URL's secrets masked
    /// wherever it quotes them, whole or in part, in any case: the password, the secret
    /// options' values, and their pieces between `@` and `:` (a library splitting an unescaped
    /// `@` in a password takes the rest for a host name and may print it lower-cased).
    public func scrub(_ message: String) -> String {
        var secrets: [Substring] = []
        if let password = Self.passwordRange(in: text) { secrets.append(text[password]) }
        secrets += options.filter { Self.isSecretOption($0.name) }.map { Substring($0.value) }
        let pieces = secrets.flatMap { $0.split(whereSeparator: { $0 == "@" || $0 == ":" }) }.filter { $0.count >= 3 }
        var out = message
        // Longest first, so that a piece never leaves part of a longer secret in view.
        for secret in Set((secrets + pieces).filter { !$0.isEmpty }.map(String.init)).sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: secret, with: "***", options: .caseInsensitive)
        }
        return Self.redact(out)
    }
}
