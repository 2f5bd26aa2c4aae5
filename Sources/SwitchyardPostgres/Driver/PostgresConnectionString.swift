import Foundation
import Switchyard

/// The URL as libpq receives it: Switchyard's own options removed, everything else
/// (hosts, ports, `sslmode`, `options`, multiple hosts `h1:5432,h2:5433`) kept
/// byte for byte, plus the session settings the adapter relies on.
struct PostgresConnectionString: Sendable {
    /// The `postgres://` or `postgresql://` URI, without Switchyard's options.
    let uri: String
    /// libpq keywords and values, in order: `dbname` holds ``uri``, which libpq expands
    /// (`expand_dbname`); the ones before it are defaults the URI overrides, the later ones
    /// override it.
    let parameters: [(keyword: String, value: String)]
    /// The password, as written and decoded, to scrub from messages.
    let secrets: PostgresSecrets

    /// Session settings the decoders depend on: UTC for `timestamptz` values bound
    /// into `timestamp` columns, ISO dates and PostgreSQL-style intervals in text
    /// results. Placed before the user's own `options`, so an explicit setting there wins.
    static let sessionOptions = "-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres"

    /// Seconds libpq waits for a connection to be made (per host) when neither the URL's
    /// `connect_timeout` nor `PGCONNECT_TIMEOUT` says. libpq's own default is to wait for
    /// ever: a server that accepts connections but does not answer (stopped with `SIGSTOP`,
    /// hung, its listen queue full behind a lost network path) would hold the pool's
    /// connecting slot, the query waiting for it and `health()` for as long as it lasted.
    static let defaultConnectTimeout = 10

    init(url: BackendURL) throws {
        guard url.scheme == "postgres" || url.scheme == "postgresql", url.text.dropFirst(url.scheme.count).hasPrefix("://") else {
            throw SwitchyardError(
                .invalidInput, "'\(url.redacted)' is not a PostgreSQL URL",
                hint: "write postgres://user:password@host:5432/database?sslmode=prefer")
        }
        var base = url.text
        var query: [Substring] = []
        if let mark = url.text.firstIndex(of: "?") {
            base = String(url.text[..<mark])
            query = url.text[url.text.index(after: mark)...].split(separator: "&")
        }
        var kept: [Substring] = []
        var userOptions: String?
        var secrets = Self.userInfoPassword(base)
        for pair in query {
            let name = String(pair.split(separator: "=", maxSplits: 1).first ?? "")
            let decodedName = name.removingPercentEncoding ?? name
            let rawValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
            let value = rawValue.removingPercentEncoding ?? rawValue
            if PostgresOptions.knownNames.contains(decodedName) { continue }
            if decodedName == "options" { userOptions = value }
            if decodedName == "password" { secrets += [rawValue, value] }
            kept.append(pair)
        }
        uri = kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
        let options = [Self.sessionOptions, userOptions].compactMap { $0 }.joined(separator: " ")
        // Before `dbname`, so that a `connect_timeout` in the URL wins; left out when the
        // environment sets one (an explicit keyword would override it).
        let connectTimeout: [(keyword: String, value: String)] =
            ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil ? [("connect_timeout", "\(Self.defaultConnectTimeout)")] : []
        parameters = connectTimeout + [
            ("dbname", uri), ("fallback_application_name", "switchyard"), ("client_encoding", "UTF8"), ("options", options),
        ]
        self.secrets = PostgresSecrets(secrets)
    }

    /// The password of `scheme://user:password@host…`, raw and percent-decoded.
    private static func userInfoPassword(_ base: String) -> [String] {
        guard let start = base.range(of: "://")?.upperBound else { return [] }
        let authorityEnd = base[start...].firstIndex(of: "/") ?? base.endIndex
        guard let at = base[start..<authorityEnd].lastIndex(of: "@"),
            let colon = base[start..<at].firstIndex(of: ":")
        else { return [] }
        let raw = String(base[base.index(after: colon)..<at])
        return [raw, raw.removingPercentEncoding ?? raw]
    }

    /// The database name in the URI's path, for a backend's default name.
    static func databaseName(_ url: BackendURL) -> String? {
        guard let start = url.body.range(of: "//")?.upperBound else { return nil }
        let rest = url.body[start...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let name = String(rest[rest.index(after: slash)...])
        return name.isEmpty ? nil : (name.removingPercentEncoding ?? name)
    }
}
