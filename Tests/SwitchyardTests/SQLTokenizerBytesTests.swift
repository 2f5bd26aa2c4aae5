import Switchyard
import Testing

/// The tokenizer reads bytes, as PostgreSQL and SQLite do: a quote or comment ends where the
/// server ends it, even when a combining mark follows and Swift sees one `Character`.
@Suite struct SQLTokenizerBytesTests {
    private static let postgres = SQLTokenizer.Reading(
        escapeStrings: true, nestedComments: true, dollarQuotes: true, lineCommentsEndAtCarriageReturn: true)

    private func tokens(_ sql: String, _ reading: SQLTokenizer.Reading = .init()) -> [(SQLTokenizer.Kind, String)] {
        SQLTokenizer(sql, reading: reading).map { ($0.kind, String($0.text)) }
    }

    private func texts(_ sql: String, _ kind: SQLTokenizer.Kind, _ reading: SQLTokenizer.Reading = .init()) -> [String] {
        tokens(sql, reading).filter { $0.0 == kind }.map(\.1)
    }

    @Test func aQuoteFollowedByACombiningMarkEndsTheString() {
        let sql = "SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z';"
        for reading in [SQLTokenizer.Reading(), Self.postgres] {
            #expect(texts(sql, .quoted, reading) == ["'a'", "'z'"])
            #expect(texts(sql, .punctuation, reading) == [";", ";", ";"])
            #expect(texts(sql, .word, reading) == ["SELECT", "\u{301}x", "DELETE", "FROM", "t", "SELECT"])
        }
        #expect(texts("SELECT E'a\\'b'\u{301}; DELETE", .quoted, Self.postgres) == ["E'a\\'b'"])
        #expect(texts("SELECT \"a\"\u{301}; `b`\u{301}; [c]\u{301};", .quoted) == ["\"a\"", "`b`", "[c]"])
    }

    @Test func aBlockCommentFollowedByACombiningMarkEnds() {
        for reading in [SQLTokenizer.Reading(), Self.postgres] {
            #expect(texts("/* c */\u{301}; DELETE FROM t", .comment, reading) == ["/* c */"])
            #expect(texts("/* c */\u{301}; DELETE FROM t", .punctuation, reading) == [";"])
        }
    }

    @Test func aDollarQuoteFollowedByACombiningMarkEnds() {
        let sql = "SELECT $$a$$\u{301}; DELETE FROM t; SELECT $q$b$q$\u{301};"
        #expect(texts(sql, .quoted, Self.postgres) == ["$$a$$", "$q$b$q$"])
        #expect(texts(sql, .punctuation, Self.postgres) == [";", ";", ";"])
    }

    @Test func aLineCommentEndsAtACRLFLineBreak() {
        let sql = "SELECT 1; -- note\r\nDELETE FROM t;\r\n"
        // SQLite ends it at the line feed (the carriage return is in the comment), PostgreSQL at the carriage return.
        #expect(texts(sql, .comment) == ["-- note\r"])
        #expect(texts(sql, .comment, Self.postgres) == ["-- note"])
        for reading in [SQLTokenizer.Reading(), Self.postgres] {
            #expect(texts(sql, .word, reading) == ["SELECT", "1", "DELETE", "FROM", "t"])
        }
    }

    @Test func aLoneCarriageReturnEndsALineCommentOnlyInPostgreSQL() {
        let sql = "SELECT 1 -- note\rDELETE FROM t"
        #expect(texts(sql, .comment) == ["-- note\rDELETE FROM t"])
        #expect(texts(sql, .comment, Self.postgres) == ["-- note"])
        #expect(texts(sql, .word, Self.postgres).contains("DELETE"))
    }

    @Test(arguments: [
        "SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z';", "SELECT 'é', \"ü\u{308}\" FROM t\u{301} -- c\u{301}\n/* e\u{301} */\u{301};",
        "SELECT '👩‍👩‍👧', 🇩🇪 FROM \"👍\u{1F3FD}\" WHERE x = '\u{301}'", "\u{301}SELECT\u{301} 1\u{301};\u{301}",
        "SELECT 1;\r\nSELECT 2; -- c\r\n/* d\r\n*/\rSELECT '\r\n';\r", "SELECT $$\u{301}$$\u{301}, $t\u{301}$x$t\u{301}$, E'\\\u{301}'\u{301}",
        "SELECT '\u{0600}'; SELECT \u{0600}1; SELECT 'a\u{200D}'\u{200D}b", "SELECT x\u{00A0}FROM\u{3000}t", "'open \u{301}",
        "/* open \u{301}", "-- \u{301}", "", "\u{301}", "\r\n", "\r", "\u{301}'\u{301}'",
    ])
    func tokensJoinBackToTheTextByteForByte(_ sql: String) {
        for reading in [SQLTokenizer.Reading(), Self.postgres] {
            let parts = SQLTokenizer(sql, reading: reading).map(\.text)
            #expect(Array(parts.joined().utf8) == Array(sql.utf8))
            #expect(parts.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func everyNonASCIICharacterIsPartOfAWord() {
        // As in both servers: any byte of a non-ASCII character continues an identifier.
        #expect(texts("x\u{301}y 👍a a\u{00A0}b 1\u{0663} café", .word) == ["x\u{301}y", "👍a", "a\u{00A0}b", "1\u{0663}", "café"])
        #expect(texts("a,\u{301}b", .punctuation) == [","])
        // A dollar sign after a non-ASCII character is part of the word, as in PostgreSQL: no dollar quote opens.
        #expect(texts("SELECT 1 AS x\u{301}$$; DELETE FROM t; SELECT 2 AS y$$", .punctuation, Self.postgres) == [";", ";"])
    }

    @Test func quotedTextLosesItsQuotesByBytes() {
        let quoted = SQLTokenizer("\"\u{301}a\"\"\u{301}b\" [\u{301}c]", reading: .init()).filter { $0.kind == .quoted }
        #expect(quoted.map(\.unquoted) == ["\u{301}a\"\u{301}b", "\u{301}c"])
    }

    @Test func textIsAlsoReadWithDollarQuotesAndCarriageReturnsWhereTheyMatter() {
        let sqlite = SQLTokenizer.Reading()
        #expect(SQLTokenizer.readings(of: "SELECT $1, $2") == [sqlite])
        #expect(SQLTokenizer.readings(of: "SELECT $$a$$") == [sqlite, .init(dollarQuotes: true)])
        #expect(SQLTokenizer.readings(of: "SELECT $tag$a$tag$") == [sqlite, .init(dollarQuotes: true)])
        #expect(SQLTokenizer.readings(of: "SELECT 1 -- a\r\nSELECT 2") == [sqlite])
        #expect(SQLTokenizer.readings(of: "SELECT 1 -- a\rSELECT 2") == [sqlite, .init(lineCommentsEndAtCarriageReturn: true)])
        #expect(SQLTokenizer.readings(of: "SELECT $$ -- a\rb $$ /* /* */ */").count == 8)
    }
}
