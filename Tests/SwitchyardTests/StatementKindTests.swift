import Testing
import Switchyard

@Suite struct StatementKindTests {
    @Test(arguments: [
        ("SELECT 1", StatementKind.read), ("  select * from t", .read), ("VALUES (1)", .read), ("EXPLAIN SELECT 1", .read),
        ("EXPLAIN ANALYZE UPDATE t SET a = 1", .write), ("WITH x AS (SELECT 1) SELECT * FROM x", .read),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", .write), ("INSERT INTO t VALUES (1)", .write),
        ("REPLACE INTO t VALUES (1)", .write), ("CREATE INDEX i ON t (a)", .schema), ("VACUUM", .schema),
        ("BEGIN", .transaction), ("ROLLBACK", .transaction), ("PRAGMA user_version = 3", .write),
        ("PRAGMA journal_mode", .read), ("SELECT * INTO t2 FROM t", .write), ("WITH x AS (SELECT 1) SELECT * INTO t2 FROM x", .write),
        (#"SELECT "into" FROM t"#, .read), ("", .unknown), ("-- only a comment", .unknown), ("frobnicate", .unknown),
    ])
    func classifiesByTheMainVerb(_ sql: String, _ kind: StatementKind) {
        #expect(StatementKind.classify(sql: sql) == kind)
    }

    @Test(arguments: [
        "-- DELETE FROM t\nSELECT 1", "/* DROP TABLE t */ SELECT 1", "SELECT 'DELETE FROM t'",
        "WITH x AS (SELECT 'UPDATE' AS v) SELECT * FROM x", "WITH x AS (SELECT $$ DELETE $$) SELECT * FROM x",
        "WITH x AS (SELECT $tag$ INSERT ' $tag$) SELECT * FROM x", "WITH x AS (SELECT 1 /* DROP */) SELECT * FROM x",
        "WITH x AS (SELECT \"delete\" FROM t) SELECT * FROM x", "WITH x AS (SELECT 1 -- UPDATE\n) SELECT * FROM x",
    ])
    func keywordsInStringsAndCommentsDoNotCount(_ sql: String) {
        #expect(StatementKind.classify(sql: sql) == .read)
    }

    @Test func everyStatementOfSeveralCounts() {
        #expect(StatementKind.classify(sql: "SELECT 1; DELETE FROM t") == .write)
        #expect(StatementKind.classify(sql: "SELECT 1; SELECT 2;") == .read)
    }

    @Test func aWriteAfterAnEscapeStringCountsInEitherDialect() {
        // PostgreSQL reads one string and then a DELETE; SQLite reads a name, a string, and a DELETE.
        #expect(StatementKind.classify(sql: #"SELECT E'\'' AS q; DELETE FROM t WHERE id = 2"#) == .write)
        #expect(StatementKind.classify(sql: #"SELECT e'\'; DELETE FROM t; SELECT 'x'"#) == .write)
        #expect(StatementKind.classify(sql: #"SELECT E'a\\', 'b'"#) == .read)
    }

    @Test func aWriteHiddenByNestedCommentsCountsInEitherDialect() {
        // PostgreSQL's comment runs to the `*/` inside the string, then a DELETE runs; SQLite reads a comment and a string.
        #expect(StatementKind.classify(sql: "SELECT 1 /* /* */ ; SELECT '*/; DELETE FROM t; --'") == .write)
        // SQLite reads a comment, then a DELETE; PostgreSQL one unterminated comment.
        #expect(StatementKind.classify(sql: "SELECT 1; /* /* */ DELETE FROM t; /* */") == .write)
        #expect(StatementKind.classify(sql: "/* /* */ DELETE FROM t */ SELECT 1") == .write)
        // Read the same either way.
        #expect(StatementKind.classify(sql: "SELECT 1 /* a /* b */ c */ AS x") == .read)
        #expect(StatementKind.classify(sql: "SELECT 1 /* a */ /* DELETE FROM t */") == .read)
    }

    @Test(arguments: [
        // The servers read bytes: the quote, the comment's end and the line break end where they do, mark or not.
        "SELECT 'a'\u{301}x; DELETE FROM t; SELECT 'z';", "SELECT 1 /* c */\u{301}; DELETE FROM t",
        "SELECT $$a$$\u{301}; DELETE FROM t; SELECT $$b$$", "SELECT 1; -- note\r\nDELETE FROM t",
        // PostgreSQL ends a line comment at a lone carriage return; SQLite has no dollar quotes.
        "SELECT 1; -- note\rDELETE FROM t", "SELECT $$; DELETE FROM t; SELECT $$",
        // PostgreSQL reads `x́$$` as one name: no dollar quote opens.
        "SELECT 1 AS x\u{301}$$; DELETE FROM t; SELECT 2 AS y$$",
        // A value after `=` followed by a combining mark still sets the pragma.
        "PRAGMA foreign_keys =\u{301}1",
    ])
    func aWriteAfterACombiningMarkOrALineBreakIsAWrite(_ sql: String) {
        #expect(StatementKind.classify(sql: sql) == .write)
    }

    @Test func readsWithCombiningMarksStayReads() {
        #expect(StatementKind.classify(sql: "SELECT 'a'\u{301} FROM t") == .read)
        #expect(StatementKind.classify(sql: "SELECT 'é' AS e\u{301}\r\nFROM t; -- done\r\n") == .read)
        #expect(StatementKind.classify(sql: "WITH x AS (SELECT $$it's$$) SELECT * FROM x") == .read)
    }

    @Test func aWriteInsideACommonTableExpressionIsAWrite() {
        #expect(StatementKind.classify(sql: "WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone") == .write)
        #expect(StatementKind.classify(sql: "WITH n AS ( /* c */ UPDATE t SET a = 1 RETURNING a) SELECT 1") == .write)
    }

    @Test func functionsNamedLikeVerbsDoNotMakeAReadAWrite() {
        #expect(StatementKind.classify(sql: "WITH x AS (SELECT 'a' AS v) SELECT replace(v, 'a', 'b') FROM x") == .read)
    }

    @Test func reportingPragmasWithArgumentsAreReads() {
        #expect(StatementKind.classify(sql: "PRAGMA table_info(customers)") == .read)
        #expect(StatementKind.classify(sql: "PRAGMA main.index_list('t')") == .read)
        #expect(StatementKind.classify(sql: "PRAGMA journal_mode = WAL") == .write)
        #expect(StatementKind.classify(sql: "PRAGMA user_version") == .read)
        #expect(StatementKind.classify(sql: "SELECT ';DELETE FROM t'") == .read)
    }

    @Test func onlyReadsAndTransactionControlAreReadOnly() {
        #expect(StatementKind.read.isReadOnly)
        #expect(StatementKind.transaction.isReadOnly)
        #expect(!StatementKind.write.isReadOnly)
        #expect(!StatementKind.schema.isReadOnly)
        #expect(!StatementKind.unknown.isReadOnly)
    }
}

@Suite struct SQLTokenizerTests {
    private func tokens(_ sql: String) -> [(SQLTokenizer.Kind, String)] {
        SQLTokenizer(sql).map { ($0.kind, String($0.text)) }
    }

    @Test func tokensJoinBackToTheText() {
        let sql = "SELECT 'it''s', \"col\"\"x\", $1, $$a;b$$ FROM t -- end\n/* c */;"
        #expect(SQLTokenizer(sql).map(\.text).joined() == sql)
        #expect(SQLTokenizer(sql, reading: .init(dollarQuotes: true)).map(\.text).joined() == sql)
    }

    @Test func quotedTextWithDoubledQuotesIsOneToken() {
        let quoted = tokens("SELECT 'it''s; DROP' x").filter { $0.0 == .quoted }.map(\.1)
        #expect(quoted == ["'it''s; DROP'"])
    }

    @Test func commentsAreSingleTokens() {
        let comments = tokens("a -- line; DROP\nb /* block; DELETE */ c").filter { $0.0 == .comment }.map(\.1)
        #expect(comments == ["-- line; DROP", "/* block; DELETE */"])
    }

    @Test func dollarQuotesAreQuotedButPlaceholdersAreNot() {
        let kinds = SQLTokenizer("$$x$$ $tag$y $$ z$tag$ $1", reading: .init(dollarQuotes: true)).map { ($0.kind, String($0.text)) }
        #expect(kinds.filter { $0.0 == .quoted }.map(\.1) == ["$$x$$", "$tag$y $$ z$tag$"])
        #expect(kinds.suffix(2).map(\.1) == ["$", "1"])
    }

    @Test func dollarQuotesAreReadOnlyWhenAsked() {
        // SQLite has none: `$$` is a parameter's name there, and the `;` after it ends the statement.
        #expect(tokens("SELECT $$; DELETE FROM t; SELECT $$").filter { $0.0 == .punctuation }.map(\.1) == ["$", "$", ";", ";", "$", "$"])
        #expect(tokens("SELECT $$a$$").filter { $0.0 == .quoted }.isEmpty)
    }

    @Test func bracketedAndBacktickedIdentifiersAreQuoted() {
        #expect(tokens("[my table] `other`").filter { $0.0 == .quoted }.map(\.1) == ["[my table]", "`other`"])
    }

    @Test func textEndingInsideAStringOrCommentIsUnterminated() {
        #expect(tokens("SELECT 'open").last?.0 == .unterminated)
        #expect(tokens("SELECT /* open").last?.0 == .unterminated)
        #expect(SQLTokenizer("SELECT $$ open", reading: .init(dollarQuotes: true)).map(\.kind).last == .unterminated)
    }

    @Test func escapeStringsAreReadOnlyWhenAsked() {
        let sql = #"SELECT E'it\'s; DROP' AS q; DELETE FROM t"#
        // PostgreSQL's reading: one string, then the statement's end and a second statement.
        let postgres = SQLTokenizer(sql, reading: .init(escapeStrings: true)).map { ($0.kind, String($0.text)) }
        #expect(postgres.filter { $0.0 == .quoted }.map(\.1) == [#"E'it\'s; DROP'"#])
        #expect(postgres.filter { $0.0 == .punctuation }.map(\.1) == [";"])
        #expect(SQLTokenizer(sql, reading: .init(escapeStrings: true)).map(\.text).joined() == sql)
        // SQLite's: the string ends at the backslash's quote, and the rest is open.
        #expect(tokens(sql).filter { $0.0 == .quoted }.map(\.1) == [#"'it\'"#])
        #expect(tokens(sql).last?.0 == .unterminated)
        #expect(tokens(#"SELECT e'a\'"#).last?.0 == .quoted)
        #expect(SQLTokenizer(#"SELECT e'a\'"#, reading: .init(escapeStrings: true)).map(\.kind).last == .unterminated)
        // A word ending in E is not an escape string's prefix.
        #expect(SQLTokenizer("SELECT 1 WHERE name LIKE'x'", reading: .init(escapeStrings: true)).filter { $0.kind == .quoted }.map(\.text) == ["'x'"])
    }

    @Test func textIsReadBothWaysOnlyWhereTheReadingsCanDiffer() {
        let sqlite = SQLTokenizer.Reading()
        let escapes = SQLTokenizer.Reading(escapeStrings: true)
        let nested = SQLTokenizer.Reading(nestedComments: true)
        #expect(SQLTokenizer.readings(of: "SELECT E'x'") == [sqlite])
        #expect(SQLTokenizer.readings(of: #"SELECT 'a\b'"#) == [sqlite])
        #expect(SQLTokenizer.readings(of: #"SELECT E'a\'b'"#) == [sqlite, escapes])
        #expect(SQLTokenizer.readings(of: #"SELECT e'a\'b'"#) == [sqlite, escapes])
        #expect(SQLTokenizer.readings(of: "SELECT 1 /* one comment */ /* another */") == [sqlite, nested])
        #expect(SQLTokenizer.readings(of: "SELECT 1 /* one comment */") == [sqlite])
        #expect(SQLTokenizer.readings(of: #"SELECT E'\'' /* a /* b */ */"#) == [
            sqlite, escapes, nested, SQLTokenizer.Reading(escapeStrings: true, nestedComments: true),
        ])
    }

    @Test func nestedCommentsAreReadOnlyWhenAsked() {
        let sql = "SELECT 1 /* outer /* inner */ still; */ AS x"
        // PostgreSQL's reading: one comment, closed by the second `*/`.
        let postgres = SQLTokenizer(sql, reading: .init(nestedComments: true)).map { ($0.kind, String($0.text)) }
        #expect(postgres.filter { $0.0 == .comment }.map(\.1) == ["/* outer /* inner */ still; */"])
        #expect(postgres.filter { $0.0 == .punctuation }.isEmpty)
        #expect(SQLTokenizer(sql, reading: .init(nestedComments: true)).map(\.text).joined() == sql)
        // SQLite's: the first `*/` closes it, and `still; */` is text.
        #expect(tokens(sql).filter { $0.0 == .comment }.map(\.1) == ["/* outer /* inner */"])
        #expect(tokens(sql).filter { $0.0 == .punctuation }.map(\.1) == [";", "*", "/"])
        // An inner comment left open leaves the outer one open too; `/*/` opens, and `**/` closes.
        #expect(SQLTokenizer("/* a /* b */", reading: .init(nestedComments: true)).map(\.kind) == [.unterminated])
        #expect(SQLTokenizer("/*/ a */ b", reading: .init(nestedComments: true)).map(\.kind) == [.comment, .whitespace, .word])
        #expect(SQLTokenizer("/* /*/ */ **/ b", reading: .init(nestedComments: true)).map(\.kind) == [.comment, .whitespace, .word])
    }

    @Test func wordsIncludeUnderscoresDigitsAndUnicode() {
        #expect(tokens("update_count größe t1").filter { $0.0 == .word }.map(\.1) == ["update_count", "größe", "t1"])
    }
}
