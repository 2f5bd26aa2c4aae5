import Foundation
import Switchyard
import SwitchyardTestSupport
import Testing

@testable import SwitchyardPostgres

/// The adapter's readers of text never crash, whatever the text: the SQL scanner that counts
/// `$n` parameters and splits statements, and the text-format value decoder (every type it
/// knows, array literals included). Needs no server; seeded, so a failure comes back on every run.
@Suite struct PostgresTextFuzzTests {
    static let pieces = [
        "SELECT", " ", "\n", "\r", ";", "(", ")", "'", "''", "\"", "$", "$$", "$a$", "$1", "$99999999999999999999", "E'", "\\", "--",
        "/*", "*/", "CREATE", "FUNCTION", "BEGIN", "ATOMIC", "CASE", "END", "é", "\u{301}", "\u{0}", "x",
    ]
    static let oids: [PostgresType.OID] = [
        PostgresType.bool, PostgresType.int2, PostgresType.int8, PostgresType.float8, PostgresType.numeric, PostgresType.bytea, PostgresType.date,
        PostgresType.time, PostgresType.timestamp, PostgresType.timestamptz, PostgresType.uuid, PostgresType.json, PostgresType.interval,
    ] + Array(PostgresType.elementOf.keys).sorted()

    @Test func sqlTextNeverCrashes() {
        var fuzz = FuzzText(seed: 0x5EED_9601, alphabet: "")
        for _ in 0..<3_000 {
            let text = PostgresSQLText((0..<fuzz.int(0...20)).map { _ in fuzz.pick(Self.pieces) }.joined())
            #expect(text.parameterCount >= 0)
        }
    }

    @Test func textValuesNeverCrash() {
        let seeds = [
            "{1,NULL,\"a\\\"b\"}", "[0:1]={{1,2},{3,4}}", "\\x00ff", "2024-02-29 12:30:00.5+05:30", "0044-03-15 BC", "infinity",
            "-123.4500", "NaN", "12:30:00", "{\"a\": [1, 2]}", "t", "9223372036854775807",
        ]
        var fuzz = FuzzText(seed: 0x5EED_9602, alphabet: "{}[]:=,\"\\NULx0123456789-+. BCafinty")
        for _ in 0..<3_000 {
            let text = fuzz.int(0...3) == 0 ? fuzz.text(maxLength: 20) : fuzz.mutation(of: fuzz.pick(seeds))
            _ = PostgresTextDecoder.decode(fuzz.pick(Self.oids), text).description
        }
        _ = PostgresArrayLiteral.parse(String(repeating: "{", count: 100_000))
    }
}
