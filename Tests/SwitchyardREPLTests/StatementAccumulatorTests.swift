import Testing
import SwitchyardREPL

@Suite struct StatementAccumulatorTests {
    @Test func aSemicolonEndsAStatement() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1;") == ["SELECT 1;"])
        #expect(accumulator.isEmpty)
    }

    @Test func linesAccumulateUntilTheSemicolon() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT *") == [])
        #expect(!accumulator.isEmpty)
        #expect(accumulator.lines == ["SELECT *"])
        #expect(accumulator.append("FROM t;") == ["SELECT *\nFROM t;"])
        #expect(accumulator.lines.isEmpty)
    }

    @Test func oneLineMayHoldSeveralStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1; SELECT 2; SELECT") == ["SELECT 1;", "SELECT 2;"])
        #expect(accumulator.lines == ["SELECT"])
        #expect(accumulator.append("3;") == ["SELECT\n3;"])
    }

    @Test func postgresEscapeStringsSplitAsPsqlSplitsThem() {
        var postgres = StatementAccumulator()
        postgres.escapeStrings = true
        #expect(postgres.append(#"INSERT INTO t VALUES (50, E'x\'y');"#) == [#"INSERT INTO t VALUES (50, E'x\'y');"#])
        #expect(postgres.isEmpty)
        #expect(postgres.append(#"SELECT E'it\'s'; SELECT 2;"#) == [#"SELECT E'it\'s';"#, "SELECT 2;"])
        // SQLite's reading (the default): the backslash does not escape, so the quote after it ends the string.
        var sqlite = StatementAccumulator()
        #expect(sqlite.append(#"SELECT 'a\'; SELECT 2;"#) == [#"SELECT 'a\';"#, "SELECT 2;"])
    }

    @Test func semicolonsInStringsAndIdentifiersDoNotEndStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 'a;b', \"c;d\" FROM t;") == ["SELECT 'a;b', \"c;d\" FROM t;"])
    }

    @Test func aStringMaySpanLines() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("INSERT INTO t VALUES ('first;") == [])
        #expect(accumulator.isInsideQuoteOrComment)
        #expect(accumulator.append("second');") == ["INSERT INTO t VALUES ('first;\nsecond');"])
    }

    @Test func semicolonsInCommentsDoNotEndStatements() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("SELECT 1 -- not the end;") == [])
        #expect(accumulator.append("/* still; not */ ;") == ["SELECT 1 -- not the end;\n/* still; not */ ;"])
    }

    @Test func aBlockCommentMaySpanLines() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("/* a comment;") == [])
        #expect(accumulator.isInsideQuoteOrComment)
        #expect(accumulator.append("still; */ SELECT 1;").count == 1)
    }

    @Test func triggerBodiesKeepTheirSemicolons() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("CREATE TRIGGER t AFTER INSERT ON a BEGIN") == [])
        #expect(accumulator.append("  INSERT INTO log VALUES (1);") == [])
        #expect(accumulator.append("  UPDATE b SET n = CASE WHEN n > 0 THEN n ELSE 0 END;") == [])
        let done = accumulator.append("END; SELECT 1;")
        #expect(done.count == 2)
        #expect(done.first?.hasPrefix("CREATE TRIGGER") == true)
        #expect(done.first?.hasSuffix("END;") == true)
        #expect(done.last == "SELECT 1;")
    }

    @Test func temporaryTriggersAreRecognisedToo() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("CREATE TEMP TRIGGER t AFTER DELETE ON a BEGIN DELETE FROM b; END;").count == 1)
    }

    @Test func beginTransactionIsAnOrdinaryStatement() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("BEGIN; INSERT INTO t VALUES (1); COMMIT;").count == 3)
    }

    @Test func dollarQuotedBodiesKeepTheirSemicolons() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;").count == 1)
    }

    @Test func emptyStatementsAreSkipped() {
        var accumulator = StatementAccumulator()
        #expect(accumulator.append(";;  ;") == [])
        #expect(accumulator.isEmpty)
    }

    @Test func whatIsLeftAtTheEndIsReturnedByFinish() {
        var accumulator = StatementAccumulator()
        _ = accumulator.append("SELECT 1")
        #expect(accumulator.finish() == "SELECT 1")
        #expect(accumulator.isEmpty)
        #expect(accumulator.finish() == nil)
    }

    @Test func resetDiscardsTheUnfinishedStatement() {
        var accumulator = StatementAccumulator()
        _ = accumulator.append("SELECT 'unfinished")
        accumulator.reset()
        #expect(accumulator.isEmpty)
        #expect(accumulator.append("SELECT 2;") == ["SELECT 2;"])
    }
}
