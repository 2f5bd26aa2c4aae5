@testable import Switchyard
import SwitchyardTestSupport
import Testing

/// No configuration file, environment variable, backend URL or duration text makes reading
/// the configuration crash: it is read, or it is refused with a ``SwitchyardError``, and every
/// problem found is a line of text. Seeded random inputs, so a failure comes back on every run.
@Suite struct ConfigurationFuzzTests {
    /// A file using every section, each number and duration a `§` filled from ``defaults``.
    static let template = """
        { "backends": [
            { "name": "primary", "url": "postgres://app@[::1]:5432/shop?sslmode=require&application_name=%zz%00", "poolSize": §, "tenants": ["acme"],
              "processors": [{ "kind": "timeout", "limit": § }, { "kind": "rowLimit", "limit": § }] },
            { "name": "eu", "url": "sqlite:eu.db", "shard": "orders", "settings": { "cache_size": §, "x": §, "y": true } } ],
          "defaultBackend": "primary", "readOnly": false, "rowLimit": §,
          "routing": { "rules": [
              { "kind": "shard", "keyBinding": §, "group": "orders", "virtualNodes": § },
              { "kind": "pattern", "regex": "^SELECT .* FROM report_", "backends": ["primary"] },
              { "kind": "fanOut", "backends": ["primary", "eu"], "merge": { "strategy": "aggregate", "groupBy": ["c"], "aggregates": ["sum(t) as t"] } },
              { "kind": "fanOut", "backends": ["primary", "eu"], "merge": { "strategy": "mergeSort", "by": ["a desc", ""] } } ],
            "circuitBreaker": { "failureThreshold": §, "openFor": §, "halfOpenProbes": § }, "ownershipRefresh": "${REFRESH:-1m}" },
          "processors": [ { "kind": "cache", "ttl": §, "maxEntries": §, "maxRowsPerEntry": §, "maxTotalRows": §, "tableTTL": { "p": § } },
            { "kind": "retry", "maxAttempts": §, "baseDelay": §, "maxDelay": § } ] }
        """
    static let defaults = ["16", "\"2s\"", "5", "32", "1.5", "100", "1", "16", "3", "10.5", "1", "30", "10", "10", "100", "\"1s\"", "3", "\"50ms\"", "2"]
    static let file = filled(defaults)

    static func filled(_ values: [String]) -> String {
        var text = template
        for value in values { text = text.replacing("§", with: value, maxReplacements: 1) }
        return text
    }

    static let alphabet = "{}[]:,\"0123456789.-+eE truefalsnul${}%\\ é\u{0}"
    static let numbers = [
        "0", "-1", "1e300", "-1e300", "1.7976931348623157e308", "9223372036854775807", "-9223372036854775808",
        "99999999999999999999", "1e-300", "0.5", "9.3e15", "9.2e15",
    ]

    private func read(_ text: String, environment: [String: String] = [:]) {
        do {
            let configuration = try SwitchyardConfiguration.parse(text, environment: environment)
            _ = String(reflecting: configuration)
            for problem in configuration.readProblems { #expect(!problem.isEmpty) }
        } catch {
            #expect(error is SwitchyardError, "\(error)")
        }
    }

    @Test func mutatedFilesNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_C001, alphabet: Self.alphabet)
        for _ in 0..<1_000 { read(fuzz.mutation(of: Self.file)) }
    }

    @Test func extremeNumbersInEverySettingNeverCrash() {
        // Each number or duration of the file, or a few of them, replaced by an extreme number.
        var fuzz = FuzzText(seed: 0x5EED_C002, alphabet: "")
        for _ in 0..<300 {
            read(Self.filled(Self.defaults.map { fuzz.int(0...2) == 0 ? fuzz.pick(Self.numbers) : $0 }))
        }
    }

    @Test func environmentOverridesNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_C003, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
        let words = ["BACKENDS", "PRIMARY", "EU", "0", "1", "2", "POOL", "SIZE", "URL", "PASSWORD", "ROUTING", "RULES", "KIND", "ROW", "LIMIT",
                     "PROCESSORS", "CACHE", "TTL", "DEFAULT", "BACKEND", "READ", "ONLY", "CIRCUIT", "BREAKER", "OPEN", "FOR", "", "_"]
        for _ in 0..<600 {
            var environment: [String: String] = ["REFRESH": fuzz.pick(Self.numbers)]
            for _ in 0..<fuzz.int(1...4) {
                let name = "SWITCHYARD_" + (0..<fuzz.int(0...5)).map { _ in fuzz.pick(words) }.joined(separator: "_")
                environment[name] = fuzz.int(0...1) == 0 ? fuzz.pick(Self.numbers) : fuzz.text(maxLength: 8)
            }
            read(Self.file, environment: environment)
        }
    }

    @Test func durationTextNeverCrashes() {
        var fuzz = FuzzText(seed: 0x5EED_C004, alphabet: "0123456789.eE+-msh nNaIif")
        for _ in 0..<3_000 {
            let text = fuzz.int(0...3) == 0 ? fuzz.pick(Self.numbers) + fuzz.pick(["", "ms", "s", "m", "h"]) : fuzz.text(maxLength: 12)
            if let duration = Duration(configurationText: text) {
                #expect(duration >= .zero)
                _ = duration.millisecondsText
            }
        }
    }

    @Test func backendURLsNeverCrash() {
        let seeds = [
            "postgres://user:p%40ss@[::1]:5432/db?sslmode=require&password=secret&options=-c%20x", "sqlite:///tmp/a.db?mode=ro",
            "mongodb://u:pw@h1:27017,h2/db?authMechanismProperties=AWS_SESSION_TOKEN:x&tls=true", "sqlite::memory:",
        ]
        var fuzz = FuzzText(seed: 0x5EED_C005, alphabet: ":/@?&=%[]0123456789zZ+.-_ é\u{0}")
        for _ in 0..<3_000 {
            let text = fuzz.int(0...4) == 0 ? fuzz.text(maxLength: 30) : fuzz.mutation(of: fuzz.pick(seeds))
            _ = BackendURL.redact(text)
            do {
                let url = try BackendURL(text)
                _ = url.redacted
                _ = url.scrub("could not connect to \(text) as \(url.body)")
                _ = url.option("password")
            } catch {
                #expect(error is SwitchyardError)
            }
        }
    }
}

extension ConfigurationFuzzTests {
    /// The file the fuzz tests mutate reads cleanly, so that their cases reach every reader.
    @Test func theUnmutatedFileReadsWithoutProblems() throws {
        let problems = try SwitchyardConfiguration.parse(Self.file).readProblems
        #expect(problems == [])
    }
}
