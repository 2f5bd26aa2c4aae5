@testable import Switchyard
import SwitchyardTestSupport
import Testing

/// No SQL text makes the core's readers of SQL crash or hang: the tokenizer, the statement
/// splitter and classifier, the verb and table readers, and the result clauses a fan-out reads.
/// Random texts and mutated statements, seeded so a failure comes back on every run.
@Suite struct SQLTextFuzzTests {
    /// Pieces that hit the readers' special cases: quotes of every kind, comment openings and
    /// closings, dollar tags, escape strings, placeholders, clause words, odd bytes.
    static let pieces = [
        "SELECT", "select", "FROM", "JOIN", "INTO", "UPDATE", "TABLE", "DELETE", "INSERT", "WITH", "AS", "ORDER", "BY",
        "LIMIT", "OFFSET", "FETCH", "avg", "CREATE", "TRIGGER", "FUNCTION", "BEGIN", "ATOMIC", "CASE", "END", "ONLY", "IF",
        "NOT", "EXISTS", "NULLS", "FIRST", "DESC", " ", "\n", "\r", "\r\n", "\t", ";", ",", ".", "(", ")", "'", "''", "\"",
        "`", "[", "]", "$", "$$", "$a$", "$1", "$99999999999999999999", "?", "E'", "e'", "\\", "\\'", "--", "/*", "*/",
        "/*/", "*", "t", "x1", "0", "-1", "99999999999999999999", "9223372036854775807", "é", "\u{301}", "\u{0}", "🚂",
        "\u{FEFF}", "\u{85}", "\u{2028}", "ﬁ",
    ]

    static let statements = [
        "SELECT a, avg(b) FROM s.t JOIN u ON t.id = u.id WHERE x = 'it''s' ORDER BY a DESC NULLS LAST, 2 LIMIT 5 OFFSET 3;",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d; INSERT INTO \"Order Items\" VALUES ($1, ?);",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END; SELECT 2",
        "SELECT E'a\\'b', $tag$ ; DROP TABLE x; $tag$, /* a /* b */ c */ 1 -- x\r DELETE FROM y",
        "UPDATE ONLY t SET a = 1 WHERE b IN (SELECT c FROM [d] LIMIT 1, 2) ORDER BY `e` FETCH FIRST 3 ROWS ONLY",
    ]

    /// SQLite's reading, PostgreSQL's, and two mixes of their differences.
    private static let readings = [
        SQLTokenizer.Reading(),
        SQLTokenizer.Reading(escapeStrings: true, nestedComments: true, dollarQuotes: true, lineCommentsEndAtCarriageReturn: true),
        SQLTokenizer.Reading(escapeStrings: true, dollarQuotes: true), SQLTokenizer.Reading(nestedComments: true, lineCommentsEndAtCarriageReturn: true),
    ]

    /// Reads `sql` with every reader; the tokens of each reading put back together are the text.
    private func readEverything(_ sql: String) {
        for reading in Self.readings {
            var rebuilt = ""
            for token in SQLTokenizer(sql, reading: reading) {
                #expect(!token.text.isEmpty, "an empty token in \(String(reflecting: sql))")
                _ = token.unquoted
                rebuilt += token.text
            }
            #expect(rebuilt == sql, "the tokens of \(String(reflecting: sql)) lose text")
        }
        _ = StatementKind.classify(sql: sql)
        _ = SQLStatementShape(sql: sql)
        _ = SQLLanguageSupport().isComplete(sql)
        _ = TableNameExtractor.tables(in: Statement(sql))
        _ = TableNameExtractor.tables(in: Statement(sql, language: .mongo))
        for bindings in [[], [Value.int(2), .int(-1), .int(.max), .text("x")]] {
            let clauses = SQLResultClauses(sql: sql, bindings: bindings)
            #expect(clauses.offset >= 0 && (clauses.limit ?? 0) >= 0)
        }
    }

    @Test func randomPiecesNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_5101, alphabet: "")
        for _ in 0..<2_000 {
            readEverything((0..<fuzz.int(0...24)).map { _ in fuzz.pick(Self.pieces) }.joined())
        }
    }

    @Test func mutatedStatementsNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_5102, alphabet: "'\"`[]$;()-/*\\E?1 \r\n\u{0}é\u{301}")
        for _ in 0..<1_200 {
            readEverything(fuzz.mutation(of: fuzz.pick(Self.statements)))
        }
    }

    @Test func randomBytesNeverCrash() {
        var fuzz = FuzzText(seed: 0x5EED_5103, alphabet: "")
        for _ in 0..<1_000 {
            readEverything(fuzz.decodedBytes(maxLength: 80))
        }
    }

    @Test func deepNestingAndLongRunsNeverCrash() {
        for sql in [
            String(repeating: "(", count: 100_000), String(repeating: "/*", count: 50_000),
            "SELECT " + String(repeating: "/*", count: 50_000) + String(repeating: "*/", count: 50_000) + " 1",
            String(repeating: "$a", count: 20_000), String(repeating: "'", count: 100_001), String(repeating: "E'\\", count: 30_000),
            "SELECT 1 LIMIT " + String(repeating: "9", count: 10_000) + " OFFSET " + String(repeating: "9", count: 10_000),
            "SELECT 1 LIMIT 9223372036854775807 OFFSET 9223372036854775807",
        ] {
            _ = StatementKind.classify(sql: sql)
            _ = SQLStatementShape(sql: sql)
            _ = TableNameExtractor.tables(in: Statement(sql))
            _ = SQLResultClauses(sql: sql)
        }
    }
}
